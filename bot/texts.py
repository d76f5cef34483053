"""The catalogue of Indonesian texts users read; wording changes here, logic elsewhere."""

from __future__ import annotations

from survey.screens import Note

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
    Note.SARAN_TOO_LONG: "Saran terlalu panjang ({detail} karakter); maksimal 1.000 karakter.",
    Note.REVIEW_HINT: "Pilih Kirim untuk mengirim, atau pilih jawaban yang ingin diubah.",
    Note.NOTHING_TO_CANCEL: "Tidak ada survei yang sedang diisi.",
    Note.ALREADY_SUBMITTED: "Survei periode ini sudah Bapak/Ibu kirim; jawaban tidak dapat "
    "diubah lagi. Terima kasih.",
    Note.NOT_STARTED: "Ketik /survei untuk mulai mengisi survei kepuasan.",
    Note.NOT_A_MEMBER: "Survei kepuasan ini hanya untuk anggota DPRD yang terdaftar.",
    Note.NO_OPEN_PERIOD: "Saat ini belum ada periode survei yang dibuka.",
}

QUESTION_HEADER = "Pertanyaan {number} dari {total} — {name}"
PREVIOUS_ANSWER = "(jawaban sebelumnya: {label})"
BACK = "Kembali"
BACK_TO_REVIEW = "Kembali ke ringkasan"
SARAN_HEADER = "{prompt} (boleh dikosongkan):"
SARAN_PREVIOUS = "Saran sebelumnya: {saran}"
SARAN_HINT = "Ketik saran Anda (maksimal 1.000 karakter), atau pilih Lewati."
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
HELP_STAFF = "Anda terdaftar sebagai {role}.\n/bantuan — pesan ini"
HELP_LEADER = (
    "Anda terdaftar sebagai {role}.\n"
    "/ikm — nilai IKM periode berjalan (atau /ikm NAMA PERIODE)\n"
    "/ekspor — laporan IKM (XLSX berumus dan grafik PNG) ke folder ekspor/ "
    "(atau /ekspor NAMA PERIODE)\n"
    "/indikator — capaian IK1–IK3 dan IKU tahun berjalan (atau /indikator 2026-10, "
    "/indikator 2026)\n"
    "/bantuan — pesan ini"
)
ONLY_LEADERS = "Maaf, perintah ini hanya untuk Kepala Bidang dan Sekretaris DPRD."
CONSOLE_HELP = (
    "Perintah konsol:\n"
    "/daftar — daftar orang di roster\n"
    "/sebagai NOMOR|TELEPON|NAMA — bertindak sebagai orang lain dari roster\n"
    "/siapa — siapa Anda sekarang\n"
    "Pilih jawaban dengan mengetik nomornya."
)
EXPORT_HEADER = "Laporan IKM periode {period}:"
EXPORT_WORKBOOK = "rekap dengan rumus, data jawaban anonim, saran, info"
EXPORT_CHART = "grafik NRR per unsur"
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
PRIVATE_ONLY = "Bot ini hanya melayani lewat chat pribadi. Silakan kirim pesan langsung ke bot."
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

# /indikator and plain questions about IK1–IK3 (bot/indicator_answers.py).
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
INDICATOR_UP = "naik {points} poin"
INDICATOR_DOWN = "turun {points} poin"
INDICATOR_SAME = "tetap"
INDICATOR_UNTRAINED = "Belum ikut pelatihan {year}: {names}."
INDICATOR_OVERDUE = "Lewat tenggat tanpa laporan: {tasks}."
INDICATOR_OVERDUE_ITEM = "{name} ({due}, {bidang})"
INDICATOR_BELOW_STANDARD = "Di bawah standar: {meetings}."
INDICATOR_BELOW_STANDARD_ITEM = "{agenda} ({held}: {missed})"
INDICATOR_MORE = "{shown} dan {more} lainnya"
INDICATOR_OTHERS = "Indikator lain:"
IKU_VALUE = "IKU {name}: {score} ({grade}, {label}), periode {period}"
IKU_HIDDEN = (
    "IKU {name}: periode {period} belum ditampilkan (baru {respondents} responden, "
    "minimal {minimum})"
)
IKU_NOT_COMPUTABLE = "IKU {name}: periode {period} belum dapat dihitung"
IKU_NO_PERIOD = "IKU {name}: {reason}"
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
