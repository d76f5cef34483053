"""/tindaklanjut in the console of a real `ikm run`: killed with -9 in the middle of the flow,
the next process shows it again where it stopped, and it saves once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from tests.e2e.console_process import ConsoleProcess


def answer_as(console: ConsoleProcess, member: str, answers: str) -> None:
    console.send(f"/sebagai {member}")
    console.wait_for(f"Anda bertindak sebagai: {member}")
    console.send("/survei")
    for value in answers:
        console.wait_for("Pertanyaan ")
        console.send(value)
    console.wait_for("Kritik dan saran")
    console.send("Lewati")
    console.wait_for("Ringkasan jawaban")
    console.send("1")
    console.wait_for("Terima kasih")


def test_kill_9_mid_follow_up_resumes_at_the_same_step_and_saves_once(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'ikm.db'}"
    first = ConsoleProcess(url, tmp_path)
    first.wait_for("Anda bertindak sebagai")
    for n, answers in enumerate(("343341", "443342", "234443"), start=1):
        answer_as(first, f"Anggota Demo {n}", answers)
    first.send("/sebagai Sekretaris")
    first.wait_for("Anda bertindak sebagai: Sekretaris")
    first.send("/tindaklanjut")
    first.wait_for("Pilih tindakan untuk memperbarui statusnya")
    first.send("1")  # Tindakan baru
    elements = first.wait_for("Pilih unsur yang akan diperbaiki")
    elements += first.wait_for("Batal")
    assert "[1] Sarana dan Prasarana (NRR 2,0000)" in elements
    first.send("1")
    first.wait_for("Ketik apa yang akan dilakukan")
    first.send("Perbaikan AC ruang rapat paripurna")
    first.wait_for("Pilih bidang penanggung jawab")
    first.kill9()

    second = ConsoleProcess(url, tmp_path)
    second.wait_for("Anda bertindak sebagai")
    second.send("/sebagai Sekretaris")
    resumed = second.wait_for("Pilih bidang penanggung jawab")
    assert "Melanjutkan pencatatan" in resumed
    assert "Tindakan: Perbaikan AC ruang rapat paripurna" in resumed
    second.send("1")  # fasilitasi
    second.wait_for("Ketik tenggat penyelesaian")
    second.send("31/01/2099")
    second.wait_for("Periksa data di atas. Simpan?")
    second.send("1")
    second.wait_for("Tersimpan: tindak lanjut hasil IKM.")
    code, err = second.finish()
    assert code == 0, err
    engine = create_engine(url)
    with engine.connect() as conn:
        saved = conn.execute(text("SELECT element, bidang, due_on, status FROM follow_up")).all()
    assert [tuple(map(str, row)) for row in saved] == [
        ("sarana", "fasilitasi", "2099-01-31", "rencana")
    ]
