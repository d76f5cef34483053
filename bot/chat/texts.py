"""The catalogue of Indonesian texts users read; wording changes here, logic elsewhere."""

from __future__ import annotations

from survey.conversation.screens import Note

NOTES: dict[Note, str] = {
    Note.THANKS: (
        "Terima kasih, Bapak/Ibu. Jawaban survei telah tersimpan secara anonim dan akan "
        "membantu Sekretariat DPRD memperbaiki pelayanan."
    ),
    Note.CANCELLED: "Survei dibatalkan; jawaban yang belum dikirim telah dihapus. "
    "Ketik /survei untuk mulai lagi.",
    Note.RESUMED: "Melanjutkan survei yang belum selesai.",
    Note.ALREADY_RECORDED: "Jawaban itu sudah tercatat.",
    Note.STALE: "Tombol itu sudah tidak berlaku. Silakan lanjutkan dari layar berikut.",
    Note.FIRST_QUESTION: "Ini pertanyaan pertama.",
    Note.CHOOSE_HINT: "Silakan pilih salah satu jawaban, atau ketik angka 1–4.",
    Note.SARAN_EMPTY: "Saran masih kosong. Ketik saran Anda, atau pilih Lewati.",
    Note.SARAN_TOO_LONG: "Saran terlalu panjang: {detail} karakter, paling banyak 1000 karakter.",
    Note.REVIEW_HINT: "Pilih Kirim untuk mengirim, atau pilih jawaban yang ingin diubah.",
    Note.NOTHING_TO_CANCEL: "Tidak ada survei yang sedang diisi.",
    Note.ALREADY_SUBMITTED: "Survei periode ini sudah Bapak/Ibu kirim; jawaban tidak dapat "
    "diubah lagi. Terima kasih.",
    Note.NOT_STARTED: "Ketik /survei untuk mulai mengisi survei kepuasan.",
    Note.NOT_A_MEMBER: "Survei kepuasan ini hanya untuk anggota DPRD yang terdaftar.",
    Note.NO_OPEN_PERIOD: "Saat ini belum ada periode survei yang dibuka.",
    Note.PERIOD_NOT_BEGUN: "Periode survei berikutnya dibuka pada {detail}. Sampai jumpa!",
    Note.PERIOD_ENDED: "Periode survei sudah berakhir pada {detail}. Terima kasih.",
}

QUESTION_HEADER = "Pertanyaan {number} dari {total} — {name}"
PREVIOUS_ANSWER = "(jawaban sebelumnya: {label})"
BACK = "Kembali"
BACK_TO_REVIEW = "Kembali ke ringkasan"
SARAN_HEADER = "{prompt} (boleh dikosongkan):"
SARAN_PREVIOUS = "Saran sebelumnya: {saran}"
SARAN_HINT = "Ketik saran Anda (paling banyak 1000 karakter), atau pilih Lewati."
SKIP = "Lewati"
REVIEW_HEADER = "Ringkasan jawaban Bapak/Ibu:"
REVIEW_LINE = "{number}. {name}: {label}"
REVIEW_SARAN = "Saran: {saran}"
REVIEW_NO_SARAN = "Saran: (tidak ada)"
REVIEW_FOOTER = "Periksa kembali, lalu pilih Kirim. Jawaban dapat diubah sebelum dikirim."
SUBMIT = "Kirim"
CHANGE = "Ubah {number}. {name}"
CHANGE_SARAN = "Ubah saran"
CANCEL_QUESTION = "Batalkan survei? Jawaban yang sudah diisi akan dihapus."
CANCEL_YES = "Ya, batalkan"
CANCEL_NO = "Tidak, lanjutkan"

#: Telegram's command menu: what each command does, in a few words.
COMMAND_MENU = {
    "start": "Mulai dan daftar",
    "survei": "Isi survei kepuasan",
    "batal": "Batalkan survei yang belum dikirim",
    "bantuan": "Yang dapat dilakukan",
    "pelatihan": "Catat kehadiran pelatihan (IK1)",
    "laporan": "Catat laporan tugas diterima (IK2)",
    "rapat": "Catat rapat Raperda dan standarnya (IK3)",
    "urungkan": "Batalkan pencatatan terakhir (24 jam)",
    "pengingat": "Yang perlu dicatat; pengingat mingguan",
    "ikm": "Nilai IKM periode berjalan",
    "ekspor": "Laporan IKM (Excel) dan grafik",
    "indikator": "IKU dan IK1–IK3: capaian dan target",
    "belum": "Anggota yang belum mengisi survei",
    "tindaklanjut": "Tindak lanjut hasil IKM per unsur",
    "infografis": "Infografis hasil SKM untuk dipublikasikan",
    "kinerja": "Pengukuran Kinerja: target, realisasi, capaian",
}

WELCOME = "Selamat datang, {name}."
STRANGER = (
    "Mohon maaf, layanan ini hanya untuk anggota DPRD dan pegawai Sekretariat DPRD "
    "Kabupaten Balangan yang terdaftar."
)
UNKNOWN_BUTTON = "Pilihan itu tidak dikenal. Silakan gunakan tombol yang tersedia."
UNKNOWN_COMMAND = "Perintah tidak dikenal. Ketik /bantuan untuk melihat yang dapat dilakukan."
HELP_MEMBER = (
    "Yang dapat Bapak/Ibu lakukan:\n"
    "/survei — mengisi atau melanjutkan survei kepuasan (6 pertanyaan, ±2 menit)\n"
    "/batal — membatalkan survei yang belum dikirim\n"
    "/bantuan — pesan ini"
)
HELP_RECORDING = (
    "/pelatihan — catat kehadiran anggota pada pelatihan (IK1)\n"
    "/laporan — catat laporan tugas yang sudah diterima (IK2)\n"
    "/rapat — catat pelaksanaan rapat Raperda dan standarnya (IK3)\n"
    "/urungkan — batalkan pencatatan terakhir Anda (dalam 24 jam)\n"
    "/pengingat — yang perlu dicatat sekarang (/pengingat nyala|mati|bisu: pengingat mingguan)\n"
    "/batal — keluar dari pencatatan yang belum disimpan"
)
HELP_STAFF = "Anda terdaftar sebagai {role}.\n" + HELP_RECORDING + "\n/bantuan — pesan ini"
HELP_LEADER_COMMANDS = (
    "/ikm — nilai IKM periode berjalan (atau /ikm NAMA PERIODE)\n"
    "/ekspor — laporan IKM (XLSX berumus dan grafik PNG) ke folder ekspor/ "
    "(atau /ekspor NAMA PERIODE)\n"
    "/indikator — capaian IK1–IK3 dan IKU tahun berjalan (atau /indikator 2026-10, "
    "/indikator 2026)\n"
    "/belum — anggota yang belum mengisi survei periode berjalan\n"
    "/tindaklanjut — rencana tindak lanjut hasil IKM: tindakan per unsur dan statusnya\n"
    "/infografis — infografis hasil SKM untuk dipublikasikan (atau /infografis NAMA PERIODE)\n"
)
HELP_LEADER = (
    "Anda terdaftar sebagai {role}.\n"
    + HELP_RECORDING
    + "\n"
    + HELP_LEADER_COMMANDS
    + "/bantuan — pesan ini"
)
HELP_SEKRETARIS = (
    "Anda terdaftar sebagai {role}.\n"
    + HELP_RECORDING
    + "\n"
    + HELP_LEADER_COMMANDS
    + "/kinerja — tabel Pengukuran Kinerja (target, realisasi, capaian) IKU dan IK1–IK3 "
    "tahun ini, dengan berkas XLSX berumus (atau /kinerja 2025)\n"
    "/bantuan — pesan ini"
)
ONLY_SEKRETARIS = "Maaf, perintah ini hanya untuk Sekretaris DPRD."
ONLY_LEADERS = "Maaf, perintah ini hanya untuk Kepala Bidang dan Sekretaris DPRD."
CONSOLE_EMPTY_ROSTER = "Roster masih kosong. Impor dengan `ikm roster import`."
CONSOLE_EMPTY_ROSTER_FILE = "Roster masih kosong. Impor dengan `ikm roster import BERKAS`."
CONSOLE_ACTING_AS = (
    "Anda bertindak sebagai: {name} ({role}). "
    "Ketik /bantuan untuk bantuan, /sebagai untuk berganti orang."
)
CONSOLE_HELP = (
    "Perintah konsol:\n"
    "/daftar — daftar orang di roster\n"
    "/sebagai NOMOR|TELEPON|NAMA — bertindak sebagai orang lain dari roster\n"
    "/siapa — siapa Anda sekarang\n"
    "Pilih jawaban dengan mengetik nomornya."
)
SWITCH_USAGE = (
    "Ketik /sebagai diikuti nomor dari /daftar, nomor telepon atau nama, "
    "misalnya /sebagai Sekretaris."
)
SWITCH_NOT_FOUND = "Tidak ditemukan di roster: '{query}'. Ketik /daftar untuk melihatnya."
SWITCH_SEVERAL = (
    "Beberapa orang cocok dengan '{query}': {names}. "
    "Ketik /sebagai dengan nomor dari /daftar atau nomor telepon."
)
PENDING_HEADER = "Belum mengisi survei periode {period}: {count} dari {total} anggota."
PENDING_LINE = "{number}. {name} — {phone}"
PENDING_NONE = "Semua {total} anggota sudah mengisi survei periode {period}. Terima kasih."
EXPORT_HEADER = "Laporan IKM periode {period}:"
EXPORT_WORKBOOK = "rekap dengan rumus, data jawaban anonim, saran, info"
EXPORT_CHART = "grafik NRR per unsur"
# /kinerja and `ikm kinerja` (bot/chat/performance_answer.py).
PERFORMANCE_HEADER = "Pengukuran Kinerja {year} (IKU dan IK1–IK3):"
PERFORMANCE_LINE = (
    "{code} {name}: target {target} · realisasi {realisation} · capaian {capaian} · {status}"
)
PERFORMANCE_SOURCE = "   sumber: {source}"
PERFORMANCE_IMPORTED = " (impor)"
PERFORMANCE_WORKBOOK = "Pengukuran Kinerja {year}: rumus capaian, tren 2021–2026, sumber data"
PERFORMANCE_BAD_YEAR = "tahun tidak dikenali: '{text}' (contoh: /kinerja 2025)"
EXPORT_FAILED = "Maaf, berkas laporan tidak dapat ditulis: {path} ({reason})."

TELEGRAM_WELCOME_STRANGER = (
    "Selamat datang di layanan survei kepuasan Sekretariat DPRD Kabupaten Balangan.\n"
    "Untuk memastikan Bapak/Ibu terdaftar, tekan tombol di bawah untuk membagikan nomor "
    "telepon Bapak/Ibu sendiri."
)
SHARE_PHONE = "Bagikan nomor telepon saya"
CONTACT_NOT_OWN = (
    "Mohon maaf, yang dapat dipakai hanya nomor Bapak/Ibu sendiri. Tekan tombol "
    '"Bagikan nomor telepon saya".'
)
NOT_ON_ROSTER = (
    "Mohon maaf, nomor tersebut tidak terdaftar. Layanan ini hanya untuk anggota DPRD dan "
    "pegawai Sekretariat DPRD Kabupaten Balangan. Hubungi Sekretariat bila ini keliru."
)
BIND_REFUSED = "Mohon maaf, {reason}."
#: A service said no (a DomainError): its reason, which is already Indonesian.
SORRY = "Maaf, {reason}."
NO_PREVIOUS_PERIOD = "belum ada periode sebelumnya"
MONTH_NOT_BEGUN = "bulan {month} belum dimulai"
PRIVATE_ONLY = "Bot ini hanya melayani lewat chat pribadi. Silakan kirim pesan langsung ke bot."
BUTTON_OUTSIDE_CHAT = "Tombol ini tidak berlaku di sini. Silakan buka chat pribadi dengan bot."
ONLY_TEXT = (
    "Maaf, saya hanya memahami teks dan tombol. Ketik /bantuan untuk melihat yang dapat dilakukan."
)
EDITED_IGNORED = "Pesan yang diubah tidak diproses. Silakan kirim pesan baru."
TRY_AGAIN = "Maaf, terjadi gangguan. Silakan coba lagi."

REMINDER = (
    "Yth. Bapak/Ibu {name},\nsurvei kepuasan pelayanan Sekretariat DPRD periode {period} "
    "belum Bapak/Ibu isi. Hanya 6 pertanyaan, ±2 menit: ketik /survei. Terima kasih."
)
RECAP_HEADER = "Rekap bulanan {month} untuk {name}"
PERIOD_CLOSED = "Periode survei {period} telah ditutup.\n\n{result}"

# /indikator and plain questions about IK1–IK3 (bot/chat/indicator_answers.py).
INDICATOR_HEADER = "Capaian indikator {span}"
INDICATOR_UNTIL = " (dihitung s.d. {today})"
INDICATOR_VALUE = "{code} {name}: {value}"
INDICATOR_COUNTS = " ({numerator} dari {denominator} {noun})"
INDICATOR_NOUNS = {"IK1": "anggota", "IK2": "tugas", "IK3": "rapat"}
INDICATOR_EMPTY = {
    "IK1": "belum ada anggota DPRD yang menjabat",
    "IK2": "belum ada rencana tugas yang jatuh tempo",
    "IK3": "belum ada rapat Raperda yang direncanakan",
}
INDICATOR_BIDANG = " — bidang {bidang}"
INDICATOR_ALL_BIDANG = " (semua bidang)"
INDICATOR_TARGET = "Target {year}: {target}"
INDICATOR_NO_TARGET = "Target {year} belum ditetapkan"
INDICATOR_TARGET_ACROSS_YEARS = "Tanpa target: rentang melewati pergantian tahun"
INDICATOR_REACHED = "tercapai"
INDICATOR_NOT_REACHED = "belum tercapai"
INDICATOR_CHANGE = "sejak bulan lalu {direction} (dari {before})"
INDICATOR_YEAR_CHANGE = "sejak tahun {year} {direction} (dari {before})"
INDICATOR_IMPORTED = ", impor"
INDICATOR_UP = "naik {points} poin"
INDICATOR_DOWN = "turun {points} poin"
INDICATOR_SAME = "tetap"
INDICATOR_UNTRAINED = "Belum ikut pelatihan {year}: {names}."
INDICATOR_OVERDUE = "Lewat tenggat tanpa laporan: {tasks}."
INDICATOR_OVERDUE_ITEM = "{name} ({due}, {bidang})"
INDICATOR_BELOW_STANDARD = "Di bawah standar: {meetings}."
INDICATOR_BELOW_STANDARD_ITEM = "{agenda} ({held}: {missed})"
INDICATOR_NOT_HELD = "Rencana lewat tanpa catatan terlaksana (catat dengan /rapat): {meetings}."
INDICATOR_NOT_HELD_ITEM = "{agenda} (rencana {planned})"
INDICATOR_MORE = "{shown} dan {more} lainnya"
INDICATOR_OTHERS = "Indikator lain:"
IKU_VALUE = "IKU {name}: {score} ({grade}, {label}), periode {period}"
IKU_HIDDEN = (
    "IKU {name}: periode {period} belum ditampilkan (baru {respondents} responden, "
    "minimal {minimum})"
)
IKU_NOT_COMPUTABLE = "IKU {name}: periode {period} belum dapat dihitung"
IKU_NO_PERIOD = "IKU {name}: {reason}"
IKU_NONE_IN_RANGE = "IKU {name}: tidak ada periode survei yang ditutup pada {span}"
# /ikm for kabid and the Sekretaris (bot/chat/answers.py).
IKM_NOT_COMPUTABLE = "IKM periode {period} belum dapat dihitung: belum ada data untuk {missing}."
IKM_HEADLINE = "IKM periode {period}: {score} ({grade}, {label})"
IKM_SCALE = "Nilai IKM {ikm} dari skala 1–4."
IKM_NRR_HEADER = "Nilai rata-rata per unsur (NRR):"
IKM_NRR_LINE = "• {name}: {value}"
IKM_NRR_NONE = "belum ada data"
IKM_PRIORITY = "Prioritas perbaikan: {elements}."
IKM_BEING_RELEASED = "Hasil IKM periode {period} sedang disiapkan; coba lagi sebentar lagi."
IKM_HIDDEN = (
    "Hasil IKM periode {period} belum ditampilkan: baru {taken} anggota mengisi, perlu {more} "
    "lagi (minimal {minimum}) agar jawaban tidak dapat ditelusuri ke orangnya."
)
IKM_RESPONDENTS = "Responden: {respondents} dari {population} anggota."
IKM_WAITING = (
    " {waiting} jawaban terbaru menunggu dihitung bersama jawaban berikutnya "
    "(paling sedikit {minimum} sekaligus, agar tidak dapat ditelusuri)."
)
IKM_TREND = "Dibanding {period} ({score}): {direction}."
IKM_TREND_SAME = "tetap"
IKM_TREND_UP = "naik {points} poin"
IKM_TREND_DOWN = "turun {points} poin"
IKM_NONE_IN_RANGE = "Maaf, tidak ada periode survei yang ditutup pada {span}."
IKU_RUNNING = " (berjalan, belum ditutup)"
LEADER_QUESTIONS = (
    "Maaf, pertanyaan itu belum saya pahami. Yang dapat ditanyakan, misalnya:\n"
    "• berapa IKM sekarang? / ikm semester lalu\n"
    "• berapa persen anggota sudah ikut pelatihan?\n"
    "• laporan tugas bulan ini\n"
    "• rapat raperda tahun ini\n"
    "• /indikator — semua indikator (atau /indikator 2026-10, /indikator 2026)"
)

WHATSAPP_NOT_ON_ROSTER = (
    "Mohon maaf, nomor WhatsApp ini tidak terdaftar. Layanan ini hanya untuk anggota DPRD dan "
    "pegawai Sekretariat DPRD Kabupaten Balangan. Hubungi Sekretariat bila ini keliru."
)
WHATSAPP_NO_NUMBER = (
    "Mohon maaf, nomor WhatsApp Bapak/Ibu tidak terlihat oleh layanan ini, sehingga tidak dapat "
    "dicocokkan dengan daftar. Hubungi Sekretariat DPRD Kabupaten Balangan."
)
WHATSAPP_OPTION = "{value}. {label}"
WHATSAPP_LIST_ANSWERS = "Pilih jawaban"
WHATSAPP_LIST_CHANGES = "Ubah jawaban"
WHATSAPP_CHOOSE = "Silakan pilih:"
WHATSAPP_MORE = "Pilihan lain:"
WHATSAPP_SUBMIT_PROMPT = "Bila semua sudah benar, pilih Kirim."
#: Template bodies to submit to Meta for approval (category Utility, language Indonesian);
#: {{1}}, {{2}} are filled in when sending. README lists them too.
WHATSAPP_TEMPLATE_REMINDER = (
    "Yth. Bapak/Ibu {{1}}, survei kepuasan pelayanan Sekretariat DPRD Kabupaten Balangan "
    "periode {{2}} belum Bapak/Ibu isi. Hanya beberapa pertanyaan, sekitar 2 menit. Balas "
    "pesan ini dengan kata survei untuk mulai. Terima kasih."
)
WHATSAPP_TEMPLATE_RECAP = (
    "Pemberitahuan dari Sekretariat DPRD Kabupaten Balangan: {{1}} Balas pesan ini dengan "
    "kata bantuan untuk melihat layanan lainnya."
)
WHATSAPP_TEMPLATE_KABID = (
    "Yth. Bapak/Ibu {{1}}, {{2}} Balas pesan ini dengan kata pengingat untuk melihat daftarnya "
    "dan mencatatnya langsung. Terima kasih."
)

# The weekly reminder of records due (bot/chat/due_reminder.py) and /pengingat.
DUE_HEADER = "Pengingat mingguan pencatatan kinerja: {summary}"
DUE_SUMMARY = "{items} perlu dicatat."
DUE_SUMMARY_REPORTS = "{count} laporan tugas"
DUE_SUMMARY_LATE = " ({count} terlambat)"
DUE_SUMMARY_MEETINGS = "{count} rapat Raperda"
DUE_SUMMARY_TRAININGS = "{count} pelatihan"
DUE_SUMMARY_FOLLOW_UPS = "{count} tindak lanjut"
DUE_SECTIONS = {
    "terlambat": "Laporan tugas yang sudah lewat tenggat:",
    "tugas": "Laporan tugas yang jatuh tempo 7 hari ke depan:",
    "rapat": "Rapat Raperda yang tanggalnya sudah lewat, belum dicatat pelaksanaannya:",
    "pelatihan": "Pelatihan 30 hari terakhir yang belum dicatat kehadirannya:",
    "tindak lanjut": "Tindak lanjut hasil IKM yang jatuh tempo atau terlambat (belum selesai):",
}
DUE_LINE = "• {name} ({day})"
DUE_FOOTER = (
    "Pilih satu untuk langsung mencatatnya. /pengingat bisu — hentikan pengingat ini sebulan."
)
DUE_BUTTONS = {
    "laporan": "Laporan diterima: {name}",
    "rapat": "Rapat terlaksana: {name}",
    "pelatihan": "Hadir pelatihan: {name}",
    "tindaklanjut": "Status tindak lanjut: {name}",
}
DUE_NOTHING = "Tidak ada yang perlu dicatat saat ini. Terima kasih."
REMINDER_ON = "Pengingat mingguan aktif: setiap pekan Anda menerima daftar yang perlu dicatat."
REMINDER_OFF = "Pengingat mingguan dihentikan. Ketik /pengingat nyala untuk menyalakannya lagi."
REMINDER_MUTED = (
    "Pengingat mingguan dibisukan sampai {until}. Ketik /pengingat nyala untuk menyalakannya lagi."
)
REMINDER_LEADERS_STAY = (
    "Kepala Bidang dan Sekretaris selalu menerima pengingat mingguan; ketik /pengingat bisu "
    "untuk membisukannya sebulan."
)
REMINDER_USAGE = (
    "/pengingat — daftar yang perlu dicatat sekarang\n/pengingat nyala | mati — nyalakan atau "
    "hentikan pengingat mingguan (staf)\n/pengingat bisu — bisukan sebulan"
)

# Recording by chat: /pelatihan, /laporan, /rapat, /urungkan (bot/chat/recording.py).
ONLY_RECORDERS = "Maaf, perintah ini hanya untuk staf, Kepala Bidang dan Sekretaris DPRD."
RECORD_TITLES = {
    "pelatihan": "Pencatatan pelatihan (IK1)",
    "laporan": "Pencatatan laporan tugas (IK2)",
    "rapat": "Pencatatan rapat Raperda (IK3)",
    "tindaklanjut": "Tindak lanjut hasil IKM",
}
RECORD_PROMPTS = {
    "pelatihan": "Pilih pelatihan, atau pilih Pelatihan baru.",
    "nama": "Ketik nama pelatihan.",
    "tanggal": (
        "Ketik tanggal pelatihan, misalnya 5 Januari 2026 atau 05/01/2026 - 07/01/2026 "
        "bila lebih dari sehari."
    ),
    "penyelenggara": "Ketik penyelenggara pelatihan, atau pilih Lewati.",
    "peserta": "Centang anggota yang hadir (anggota yang menjabat), lalu pilih Simpan.",
    "tugas": "Pilih tugas yang laporannya sudah diterima.",
    "diterima": "Kapan laporan diterima? Pilih Hari ini atau ketik tanggalnya (mis. 5/01/2026).",
    "rapat": "Pilih rapat yang sudah dilaksanakan, atau pilih Rapat baru.",
    "agenda": "Ketik agenda rapat (Raperda yang dibahas).",
    "rencana": "Ketik tanggal rencana rapat menurut rencana kerja Bapemperda (mis. 5/03/2026).",
    "dilaksanakan": "Kapan rapat dilaksanakan? Pilih Hari ini atau ketik tanggalnya.",
    "standar": (
        "Butir standar fasilitasi rapat: ✅ terpenuhi, ❌ tidak terpenuhi. Pilih butir untuk "
        "mengubahnya, lalu pilih Lanjut."
    ),
    "konfirmasi": "Periksa data di atas. Simpan?",
    "tindaklanjut": "Pilih tindakan untuk memperbarui statusnya, atau pilih Tindakan baru.",
    "unsur": "Pilih unsur yang akan diperbaiki (NRR terendah paling atas).",
    "tindakan": "Ketik apa yang akan dilakukan untuk memperbaikinya.",
    "bidang": "Pilih bidang penanggung jawab.",
    "tenggat": "Ketik tenggat penyelesaian, misalnya 31 Maret 2027 atau 31/03/2027.",
    "status": "Pilih status tindakan sekarang.",
    "catatan": "Ketik catatan singkat tentang kemajuannya, atau pilih Lewati.",
}
RECORD_EMPTY = {
    "pelatihan": "(belum ada pelatihan tercatat)",
    "peserta": "(tidak ada anggota lain yang menjabat pada tanggal pelatihan)",
    "tugas": "(tidak ada tugas yang menunggu laporan)",
    "rapat": "(tidak ada rapat yang menunggu dicatat)",
    "tindaklanjut": "(belum ada tindak lanjut untuk periode ini)",
}
RECORD_FACTS = {
    "pelatihan": "Pelatihan",
    "tanggal": "Tanggal",
    "penyelenggara": "Penyelenggara",
    "peserta": "Peserta",
    "sudah": "Sudah tercatat sebelumnya",
    "tugas": "Tugas",
    "tenggat": "Jatuh tempo",
    "diterima": "Laporan diterima",
    "penerima": "Diterima oleh",
    "agenda": "Agenda",
    "rencana": "Rencana",
    "dilaksanakan": "Dilaksanakan",
    "standar": "Sesuai standar",
    "tidak-terpenuhi": "Butir tidak terpenuhi",
    "periode": "Periode",
    "unsur": "Unsur",
    "tindakan": "Tindakan",
    "bidang": "Penanggung jawab",
    "status": "Status",
    "catatan": "Catatan",
}
RECORD_FACT = "{label}: {value}"
RECORD_PAGE = "Halaman {page} dari {pages}."
RECORD_TICKED = "Dicentang: {count} anggota."
RECORD_CONTROLS = {
    "sebelumnya": "« Sebelumnya",
    "berikutnya": "Berikutnya »",
    "pelatihan-baru": "Pelatihan baru",
    "rapat-baru": "Rapat baru",
    "tindakan-baru": "Tindakan baru",
    "lewati": "Lewati",
    "hari-ini": "Hari ini",
    "simpan": "Simpan",
    "lanjut": "Lanjut",
    "ya-simpan": "Ya, simpan",
    "kembali": "Kembali",
    "batal": "Batal",
}
RECORD_SAVED = {
    "pelatihan": "Tersimpan: kehadiran pelatihan.",
    "laporan": "Tersimpan: laporan tugas diterima.",
    "rapat": "Tersimpan: pelaksanaan rapat Raperda.",
    "tindaklanjut": "Tersimpan: tindak lanjut hasil IKM.",
}
RECORD_UNDO = "Batalkan pencatatan"
RECORD_UNDO_HINT = "Salah catat? Pilih Batalkan, atau ketik /urungkan dalam 24 jam."
RECORD_NOTHING_NEW = "Tidak ada perubahan: semua yang dipilih sudah tercatat sebelumnya."
RECORD_NOTES = {
    "ditolak": "Maaf, {detail}. Tidak ada yang diubah.",
    "bukan-pencatat": ONLY_RECORDERS,
    "tidak-dikenal": UNKNOWN_BUTTON,
    "usang": "Tombol itu sudah tidak berlaku. Silakan lanjutkan dari layar berikut.",
    "tidak-ada": "Tidak ada pencatatan yang sedang berjalan. Ketik /bantuan untuk perintahnya.",
    "sudah-disimpan": "Catatan itu sudah disimpan.",
    "dibatalkan": "Pencatatan dibatalkan; tidak ada yang disimpan.",
    "dilanjutkan": "Melanjutkan pencatatan yang belum selesai.",
    "diganti": "Pencatatan {detail} yang belum selesai ditinggalkan (tidak disimpan).",
    # Said on every channel, the console too: it has numbers, not buttons.
    "pakai-tombol": "Silakan pilih salah satu pilihan di bawah (tombol atau nomornya), atau ketik "
    "/batal untuk keluar.",
    "belum-dicentang": "Belum ada anggota yang dicentang.",
    "kosong": "Tidak ada tugas yang menunggu laporan. Semua laporan sudah tercatat.",
    "tidak-ada-urungan": "Tidak ada pencatatan Anda yang dapat dibatalkan.",
    "diurungkan": "Dibatalkan: {detail} perubahan dari pencatatan itu; data kembali semula.",
    "sudah-tercatat": "'{detail}' sudah dicatat; tombol pengingat itu tidak berlaku lagi. "
    "Tidak ada yang diubah.",
    "bukan-pimpinan": "Maaf, tindak lanjut dicatat oleh Kepala Bidang dan Sekretaris DPRD.",
    "rusak": "Maaf, pencatatan Anda yang belum selesai tidak dapat dibaca lagi, jadi dihapus; "
    "tidak ada yang disimpan. Silakan mulai lagi (/pelatihan, /laporan, /rapat atau "
    "/tindaklanjut).",
}
WHATSAPP_LIST_RECORDS = "Pilih"
RECAP_CHART_CAPTION = "Grafik rekap {month}: capaian tiap indikator (batang) dan targetnya (garis)"
RECAP_CHART_TITLE = "Capaian dan target, {span}"
RECAP_CHART_IKU = "IKU (nilai IKM)"

# The follow-up plan in /ikm and the recaps (bot/chat/follow_up_answers.py).
FOLLOW_UP_GAP = (
    "Belum ada tindak lanjut untuk unsur terlemah periode {period}: {elements}. "
    "Catat rencananya dengan /tindaklanjut."
)
FOLLOW_UP_RECAP_HEADER = "Tindak lanjut hasil IKM, bidang {bidang}:"
FOLLOW_UP_RECAP_OVERDUE = "• Terlambat: {number} {element}: {action} (tenggat {due}, {status})"
FOLLOW_UP_RECAP_DUE = "• Jatuh tempo bulan ini: {number} {element}: {action} (tenggat {due})"
INFOGRAPHIC_CAPTION = "Infografis hasil SKM periode {period} (persegi, siap diunggah)"
INFOGRAPHIC_A4 = "Infografis ukuran A4 (potret) untuk dicetak atau diunggah ke situs"

# Why the outbox could not deliver a message: shown to operators by `ikm outbox list --gagal`.
UNDELIVERABLE_NOT_BOUND = "belum terhubung dengan {channels}"
UNDELIVERABLE_BLOCKED = "diblokir (403): {error}"
UNDELIVERABLE_REJECTED = "ditolak (400): {error}"
UNDELIVERABLE_CHART_WINDOW = "grafik hanya dapat dikirim dalam 24 jam sejak pesan terakhir"
UNDELIVERABLE_PERIOD_CLOSED = "periode survei sudah ditutup; pengingat tidak dikirim"
UNDELIVERABLE_LEFT_ROSTER = "orang itu tidak ada lagi di roster"
