"""Checks that English is complete: every message an app's code and templates use has an
English translation in the app's own catalogue (gpmb/<app>/locale/en/LC_MESSAGES/
django.po), and the compiled catalogue matches its source.

Run: python -m gpmb.core.i18ncheck  (needs GNU gettext: xgettext, msgfmt).
Add the messages of one app: cd gpmb/<app> && gpmb makemessages -l en --no-location;
translate; gpmb compilemessages. When code moves between apps, `--fill` brings each
app's catalogue up to date and copies the translations of messages that moved from the
other apps' catalogues (it never invents one), then compiles."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def _entries(text: str) -> dict[str, tuple[str, bool]]:
    """msgid → (first msgstr, fuzzy) for a .po file's text (plural forms included)."""
    entries: dict[str, tuple[str, bool]] = {}
    for block in text.split("\n\n"):
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        msgid = _field(block, "msgid")
        if not msgid:
            continue
        context = _field(block, "msgctxt")
        if context:
            msgid = f"{context}\x04{msgid}"  # gettext's own key for a message in a context
        msgstr = _field(block, "msgstr") or _field(block, r"msgstr\[0\]")
        entries[msgid] = (msgstr, fuzzy)
    return entries


def _field(block: str, name: str) -> str:
    match = re.search(rf'^{name} ((?:".*"\n?)+)', block + "\n", re.M)
    if not match:
        return ""
    return "".join(re.findall(r'"(.*)"', match.group(1)))


def check_app(app_dir: Path) -> tuple[int, list[str]]:
    from django.core.management import call_command

    po = app_dir / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return 0, [f"{po} is missing"]
    original = po.read_text(encoding="utf-8")
    cwd = Path.cwd()
    try:
        os.chdir(app_dir)  # makemessages extracts the current directory into ./locale
        call_command("makemessages", locale=["en"], no_location=True, no_obsolete=True, verbosity=0)
        wanted = set(_entries(po.read_text(encoding="utf-8")))
    finally:
        os.chdir(cwd)
        po.write_text(original, encoding="utf-8")
    have = _entries(original)
    problems = [f"{po}: missing {m!r}" for m in sorted(wanted - set(have))]
    problems += [
        f"{po}: untranslated {m!r}" for m in sorted(wanted) if m in have and not have[m][0]
    ]
    problems += [f"{po}: fuzzy {m!r}" for m in sorted(wanted) if m in have and have[m][1]]
    with tempfile.TemporaryDirectory() as tmp:
        compiled = Path(tmp) / "django.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(po)], check=True)
        mo = po.with_suffix(".mo")
        if not mo.exists() or compiled.read_bytes() != mo.read_bytes():
            problems.append(f"{mo} is not compiled from its .po: run `gpmb compilemessages`")
    return len(wanted), problems


def _flags(block: str) -> list[str]:
    line = next((x for x in block.splitlines() if x.startswith("#,")), "")
    return [flag.strip() for flag in line[2:].split(",") if flag.strip()]


def _translated(block: str, text: str) -> str:
    """The block with msgstr `text` (as written in a .po file, escapes included) and
    without msgmerge's fuzzy guess for it."""
    lines = []
    for line in block.split("\nmsgstr ", 1)[0].splitlines():
        if line.startswith("#|"):
            continue
        if line.startswith("#,"):
            flags = [f for f in _flags(block) if f != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        lines.append(line)
    return "\n".join([*lines, f'msgstr "{text}"'])


def fill_app(app_dir: Path, known: dict[str, str]) -> None:
    """Update the app's catalogue to the messages it uses, translating from `known` the
    ones another app's catalogue already translates."""
    from django.core.management import call_command

    po = app_dir / "locale" / "en" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    cwd = Path.cwd()
    try:
        os.chdir(app_dir)
        call_command("makemessages", locale=["en"], no_location=True, no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    out = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        msgid, context = _field(block, "msgid"), _field(block, "msgctxt")
        key = f"{context}\x04{msgid}" if context else msgid
        unsettled = not _field(block, "msgstr") or "fuzzy" in _flags(block)
        if msgid and unsettled and key in known and "msgstr[" not in block:
            block = _translated(block, known[key])
        out.append(block)
    po.write_text("\n\n".join(out), encoding="utf-8")
    mo = str(po.with_suffix(".mo"))
    subprocess.run(["msgfmt", "--check-format", "-o", mo, str(po)], check=True)


def main() -> int:
    for tool in ("xgettext", "msgfmt", "msgmerge"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: install GNU gettext (apt-get install gettext)")
            return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gpmb.settings")
    import django

    django.setup()
    apps = sorted(p for p in PACKAGE.iterdir() if (p / "apps.py").exists())
    if "--fill" in sys.argv[1:]:
        known: dict[str, str] = {}
        for app_dir in apps:
            po = app_dir / "locale" / "en" / "LC_MESSAGES" / "django.po"
            if po.exists():
                entries = _entries(po.read_text(encoding="utf-8"))
                known.update({k: v for k, (v, fuzzy) in entries.items() if v and not fuzzy})
        for app_dir in apps:
            fill_app(app_dir, known)
    total, problems = 0, []
    for app_dir in apps:
        count, found = check_app(app_dir)
        total += count
        problems += found
    for line in problems:
        print(line)
    print(f"{total} messages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
