"""Documents rendered from template files an administrator can replace (DESIGN.md
"Documents"; STYLE #14).

Each kind of document (gpmb.documents.registry) has a `.docx` template: the one shipped in
`gpmb/documents/templates/documents/<name>.docx`, unless the data folder holds its own,
`$GPMB_DATA_DIR/templates/documents/<name>.docx`, which then wins. A template is a Word
file with Jinja tags (docxtpl): `{{ household.code }}`, `{%tr for row in rows %}` around
a table row, `{%p if illustrative %}` around paragraphs. Python builds the context — every
amount, area and date already written the Vietnamese way — so a template only places
text and never computes money.

Administrators may edit templates, so they run in Jinja's sandbox (no attribute of a
Python object beyond the data, no call into the system), with autoescaping (a name with
"&" or "<" stays text, not XML) and strict undefined variables (a misspelt field is an
error, found when the template is checked, not a blank on a signed page)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

SHIPPED_DIR = Path(__file__).resolve().parent / "templates" / "documents"


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, keeping what it compiled: docxtpl hands it the same XML of the
    same template for every document, and compiling it was most of a document's time
    (3,000 plan sheets compiled the same source 21,000 times)."""

    CACHE_SIZE = 64  # sources: a few parts (body, properties) of each template in use

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= self.CACHE_SIZE:
                self._compiled.clear()  # an edited template's old sources go too
            template = self._compiled[source] = super().from_string(source)
        return template


class _Template(DocxTemplate):
    """docxtpl's template, keeping the body XML it cleaned for Jinja (`patch_xml`: tags
    split across Word's runs joined again) for the next document of the same file."""

    _patched: dict[bytes, str] = {}

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._key = hashlib.sha256(data).digest()

    def build_xml(self, context: Any, jinja_env: Any = None) -> Any:
        patched = self._patched.get(self._key)
        if patched is None:
            if len(self._patched) >= _Sandbox.CACHE_SIZE:
                self._patched.clear()
            patched = self._patched[self._key] = self.patch_xml(self.get_xml())
        return self.render_xml_part(patched, self.docx._part, context, jinja_env)


# One environment for every render: autoescape because the output is XML.
_ENV = _Sandbox(autoescape=True, undefined=StrictUndefined)


class TemplateFault(Exception):
    """A template that cannot render: not a Word file, bad Jinja, an unknown field, or
    something the sandbox refused. The message names the file and what is wrong."""


def override_dir() -> Path:
    """Where an administrator's own templates live, beside the database."""
    return Path(settings.DATA_DIR) / "templates" / "documents"


def shipped_path(name: str) -> Path:
    return SHIPPED_DIR / f"{name}.docx"


def override_path(name: str) -> Path:
    return override_dir() / f"{name}.docx"


def template_path(name: str) -> Path:
    """The template in force for `name`: the data folder's own if it has one."""
    own = override_path(name)
    return own if own.is_file() else shipped_path(name)


@dataclass(frozen=True)
class _Loaded:
    key: tuple[int, int]
    data: bytes


_loaded: dict[Path, _Loaded] = {}


def _template_bytes(path: Path) -> bytes:
    """The file's bytes, read again only when it changed (3,000 notices read it once)."""
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _loaded.get(path)
    if cached is None or cached.key != key:
        cached = _Loaded(key, path.read_bytes())
        _loaded[path] = cached
    return cached.data


@dataclass(frozen=True)
class DocxImage:
    """A picture (PNG bytes) for a template to place with `{{ chart.image }}` in a
    paragraph of its own, `width_mm` wide: the context carries the bytes, the renderer
    makes them an image of the document being rendered."""

    png: bytes
    width_mm: float = 160


def _with_images(value: Any, template: DocxTemplate) -> Any:
    """`value` with every DocxImage in it (in dicts and lists) made an inline image."""
    if isinstance(value, DocxImage):
        return InlineImage(template, io.BytesIO(value.png), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {k: _with_images(v, template) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_images(v, template) for v in value]
    return value


def render_template(data: bytes, context: Mapping[str, Any], *, source: str) -> bytes:
    """Render the template `data` (bytes of a .docx) with `context`. `source` names the
    template in error messages."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateFault(
            _("%(file)s không phải tệp Word (.docx).") % {"file": source},
        )
    try:
        template = _Template(data)
        template.render(_with_images(dict(context), template), jinja_env=_ENV)
        out = io.BytesIO()
        template.save(out)
    except TemplateSyntaxError as exc:
        raise TemplateFault(
            _("%(file)s: lỗi cú pháp mẫu (%(error)s) gần “%(near)s”.")
            % {"file": source, "error": exc.message, "near": _near(exc)}
        ) from exc
    except UndefinedError as exc:
        raise TemplateFault(
            _("%(file)s: trường không có trong dữ liệu của văn bản này: %(error)s.")
            % {"file": source, "error": exc.message}
        ) from exc
    except SecurityError as exc:
        raise TemplateFault(
            _("%(file)s: mẫu dùng điều không được phép (%(error)s).")
            % {"file": source, "error": exc}
        ) from exc
    except TemplateError as exc:
        raise TemplateFault(
            _("%(file)s: mẫu không hiển thị được (%(error)s).") % {"file": source, "error": exc}
        ) from exc
    except (KeyError, zipfile.BadZipFile) as exc:
        # python-docx: a zip that is not a Word document (no main part, bad content types).
        raise TemplateFault(
            _("%(file)s không phải tệp Word (.docx) đọc được: %(error)s.")
            % {"file": source, "error": exc}
        ) from exc
    except Exception as exc:
        # What an edited template can still raise while rendering (an operation on the
        # wrong type, a loop over a text): the template's fault, said as such.
        raise TemplateFault(
            _("%(file)s: mẫu không hiển thị được (%(error)s).")
            % {"file": source, "error": f"{type(exc).__name__}: {exc}"}
        ) from exc
    return out.getvalue()


def _near(exc: TemplateError) -> str:
    """The document text around a Jinja error (docxtpl keeps the lines around it)."""
    lines = [line.strip() for line in getattr(exc, "docx_context", []) if line.strip()]
    return " … ".join(lines)[:200]


def render_docx(name: str, context: Mapping[str, Any]) -> bytes:
    """The document `name` with `context`, from the template in force."""
    path = template_path(name)
    return render_template(_template_bytes(path), context, source=str(path))


def check_template(name: str, data: bytes, sample: Mapping[str, Any], *, source: str) -> bytes:
    """Render `data` as template `name` with the kind's sample context and read the result
    back as a Word document: what a template must pass before it is put in force.
    Returns the rendered sample."""
    rendered = render_template(data, sample, source=source)
    try:
        Document(io.BytesIO(rendered))
    except Exception as exc:  # python-docx raises several kinds on a broken package
        raise TemplateFault(
            _("%(file)s: văn bản tạo ra từ mẫu không mở được (%(error)s).")
            % {"file": source, "error": exc}
        ) from exc
    return rendered


def place_name(province_name: str) -> str:
    """ "Thành phố Hải Phòng" → "Hải Phòng": the place before the date (Decree 30/2020)."""
    for prefix in ("Thành phố ", "Tỉnh "):
        if province_name.startswith(prefix):
            return province_name[len(prefix) :]
    return province_name


def heading(*, authority: str, issuer: str, number: str, province: str, year: int) -> dict:
    """The heading every official document shares: the governing authority and the
    issuing body (as names; the template sets them in capitals), the number/symbol, the
    place and the year (day and month are written by hand when the paper is signed)."""
    return {
        "authority": authority,
        "issuer": issuer,
        "number": number,
        "place": place_name(province),
        "year": str(year),
    }
