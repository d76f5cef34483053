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
PERIOD_CLOSED = "Periode survei {period} telah ditutup.\n\n{result}"
