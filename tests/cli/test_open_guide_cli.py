"""`cohortbot prompts export --format markdown --out DIR`: the library as a readable open guide."""

from handlers.cli import main


def test_markdown_export_writes_an_index_a_page_a_week_and_the_licence(database_url, monkeypatch, tmp_path, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    out = tmp_path / "guide"
    assert main(["prompts", "export", "--format", "markdown", "--out", str(out)]) == 0
    pages = sorted(p.name for p in out.glob("week-*.md"))
    assert len(pages) >= 26
    index = (out / "README.md").read_text()
    assert "(week-01-" in index
    assert "CC BY 4.0" in (out / "LICENCE.md").read_text()


def test_markdown_export_needs_a_folder(database_url, monkeypatch, capsys, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["prompts", "export", "--format", "markdown"]) == 1
    assert "--out DIR" in capsys.readouterr().err
