"""What a browser would send for a form on a page: its fields with their current values, read from the HTML."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_INPUTS = {
    "text",
    "hidden",
    "email",
    "url",
    "number",
    "date",
    "datetime-local",
    "time",
    "search",
    "tel",
    "password",
}


@dataclass
class HtmlForm:
    action: str
    method: str
    enctype: str
    data: dict[str, list[str]] = field(default_factory=dict)
    file_fields: list[str] = field(default_factory=list)
    field_names: set[str] = field(default_factory=set)
    types: dict[str, str] = field(default_factory=dict)  # name → input type, "select", "select-multiple", "textarea"
    options: dict[str, list[str]] = field(default_factory=dict)  # values offered by selects, radios, checkboxes

    def post_data(self, **overrides) -> dict:
        """Field values as the test client takes them (lists for repeated names), with overrides applied."""
        data = {name: values if len(values) > 1 else values[0] for name, values in self.data.items()}
        data.update(overrides)
        return data


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._select_multiple = False
        self._option: dict | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def _add(self, name, value):
        if self._form is not None and name:
            self._form.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = HtmlForm(
                action=a.get("action", ""),
                method=a.get("method", "get").lower(),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            name, kind = a.get("name"), a.get("type", "text").lower()
            if name:
                self._form.field_names.add(name)
                self._form.types.setdefault(name, kind)
                if kind in {"checkbox", "radio"}:
                    self._form.options.setdefault(name, []).append(a.get("value", "on"))
            if "disabled" in a:
                return
            if kind == "file":
                self._form.file_fields.append(name)
            elif kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            elif kind in TEXT_INPUTS:
                self._add(name, a.get("value", ""))
        elif tag == "select":
            self._select = a.get("name")
            self._form.field_names.add(self._select or "")
            self._form.types[self._select or ""] = "select-multiple" if "multiple" in a else "select"
            self._select_first, self._select_chosen = None, False
            self._select_multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._option, self._option_text = a, ""
        elif tag == "textarea":
            self._textarea, self._textarea_text = a.get("name"), ""
            self._form.field_names.add(self._textarea or "")
            self._form.types[self._textarea or ""] = "textarea"

    def _close_option(self):
        if self._option is None:
            return
        value = self._option.get("value", self._option_text.strip())
        if self._select_first is None:
            self._select_first = value
        self._form.options.setdefault(self._select or "", []).append(value)
        if "selected" in self._option:
            self._add(self._select, value)
            self._select_chosen = True
        self._option = None

    def handle_data(self, data):
        if self._option is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def handle_endtag(self, tag):
        if tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            if not self._select_chosen and not self._select_multiple and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop one newline right after <textarea>.
            self._add(self._textarea, self._textarea_text.removeprefix("\n"))
            self._textarea = None
        elif tag == "form":
            self._form = None


def html_forms(html: str) -> list[HtmlForm]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html: str, *, with_field: str) -> HtmlForm:
    """The form on the page that has a field of this name."""
    for form in html_forms(html):
        if with_field in form.field_names or with_field in form.file_fields:
            return form
    raise AssertionError(f"no form with a field {with_field!r} on the page")
