"""axe-core in a Playwright page: run the WCAG 2.1 A/AA rules and report violations readably.

axe is evaluated through the DevTools protocol (`page.evaluate`), not added as a <script> tag, so
the portal's Content-Security-Policy stays in force while the page is checked.
"""

import functools
from pathlib import Path

AXE_PATH = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# axe files headings, landmarks and the skip link under "best practice", not under a WCAG tag;
# they are run too (experimental, review-only and deprecated rules are left out).
STRUCTURE_RULES = (
    "accesskeys",
    "aria-allowed-role",
    "aria-dialog-name",
    "aria-text",
    "aria-treeitem-name",
    "empty-heading",
    "empty-table-header",
    "heading-order",
    "image-redundant-alt",
    "label-title-only",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-one-main",
    "landmark-unique",
    "meta-viewport-large",
    "page-has-heading-one",
    "presentation-role-conflict",
    "region",
    "scope-attr-valid",
    "skip-link",
    "tabindex",
    "table-duplicate-name",
)

RUN_AXE = """async ([tags, extraRules]) => {
  const rules = Object.fromEntries(extraRules.map((id) => [id, {enabled: true}]));
  const options = {runOnly: {type: "tag", values: tags}, rules, resultTypes: ["violations"]};
  const result = await axe.run(document, options);
  return result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map((part) => (Array.isArray(part) ? part.join(" >> ") : part)),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}"""


# What axe does not check: an invalid field must point to its message (aria-describedby on the
# control or on its fieldset) and every field's message must be pointed to by its field.
FORM_ERROR_PROBLEMS = r"""() => {
  const problems = [];
  const describes = (element) => (element?.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  const name = (element) => element.id ? `#${element.id}` : `${element.tagName.toLowerCase()}[name=${element.name}]`;
  const referenced = new Set();
  for (const element of document.querySelectorAll("[aria-describedby]")) {
    describes(element).forEach((id) => referenced.add(id));
  }
  for (const control of document.querySelectorAll("[aria-invalid=true]")) {
    const ids = [...describes(control), ...describes(control.closest("fieldset"))];
    const texts = ids.map((id) => document.getElementById(id)).filter((el) => el && el.textContent.trim());
    if (!texts.some((el) => el.matches(".errorlist"))) {
      problems.push(`${name(control)} has aria-invalid=true but no aria-describedby pointing to its error message`);
    }
  }
  for (const list of document.querySelectorAll(".errorlist:not(.nonfield)")) {
    if (!list.id || !referenced.has(list.id)) {
      const text = list.textContent.trim().slice(0, 80);
      problems.push(`error message "${text}" is not referenced by any aria-describedby`);
    }
    const field = list.closest(".field");
    if (field && !field.querySelector("[aria-invalid=true]")) {
      problems.push(`the field of "${list.textContent.trim().slice(0, 80)}" has no control marked aria-invalid=true`);
    }
  }
  return problems;
}"""


@functools.cache
def axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """The WCAG 2.0/2.1 A and AA violations axe finds in the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, [list(WCAG_TAGS), list(STRUCTURE_RULES)])


def form_error_problems(page) -> list[str]:
    """Invalid fields not tied to their error messages (and messages no field points to)."""
    return page.evaluate(FORM_ERROR_PROBLEMS)


def format_violations(violations: list[dict], *, where: str = "") -> str:
    """One block per rule: id, impact, what to do, and each offending element with axe's advice."""
    lines = []
    for violation in violations:
        rule = f"[{violation['impact']}] {violation['id']}: {violation['help']}"
        lines.append(f"{where}: {rule} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(node['target'])}")
            lines.append(f"       {node['html'][:200]}")
            for advice in (node["summary"] or "").splitlines():
                if advice.strip():
                    lines.append(f"       | {advice.strip()}")
    return "\n".join(lines)


class AxeReport:
    """Collects violations over many pages so one assertion lists everything to fix."""

    def __init__(self, page):
        self.page = page
        self.checked: list[str] = []
        self.problems: list[str] = []

    def check(self, label: str = "", *, expand: bool = True) -> list[dict]:
        """Runs axe on the page as it is; with `expand`, closed <details> are opened first to check their content."""
        where = label or self.page.url
        self.page.wait_for_load_state("load")
        if expand:
            self.page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        violations = axe_violations(self.page)
        self.checked.append(where)
        if violations:
            self.problems.append(format_violations(violations, where=where))
        self.problems.extend(f"{where}: {problem}" for problem in form_error_problems(self.page))
        return violations

    def visit(self, url: str, label: str = "", *, status: int = 200) -> list[dict]:
        response = self.page.goto(url)
        assert response is not None
        assert response.status == status, f"{url}: status {response.status}, expected {status}"
        return self.check(label or url)

    def assert_clean(self) -> None:
        assert self.checked, "no page was checked"
        message = f"accessibility problems ({len(self.checked)} pages checked):\n"
        assert not self.problems, message + "\n\n".join(self.problems)


# WCAG 1.4.10 Reflow: at 320 CSS pixels nothing may need horizontal scrolling, except content that
# needs two dimensions (tables, the map), which must scroll inside its own box.
WIDE_ELEMENTS = """() => {
  const width = document.documentElement.clientWidth;
  const scrollsItself = (element) => {
    // A scroll box clips an absolutely positioned descendant only when the box is positioned itself.
    const absolute = getComputedStyle(element).position === "absolute";
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      const scrolls = style.overflowX === "auto" || style.overflowX === "scroll";
      if (scrolls && (!absolute || style.position !== "static")) return true;
    }
    return false;
  };
  const describe = (element) => {
    const classes = [...element.classList].map((c) => `.${c}`).join("");
    return `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}${classes}`;
  };
  const wide = [];
  const note = (element, box, what) => {
    if (box.width === 0 || box.right <= width + 1 || scrollsItself(element)) return;
    if (wide.some((outer) => outer.element.contains(element))) return;
    wide.push({element, text: `${describe(element)}${what} reaches ${Math.round(box.right)}px`});
  };
  for (const element of document.body.querySelectorAll("*")) note(element, element.getBoundingClientRect(), "");
  // A long word overflows its box without widening it: measure the text itself.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    range.selectNodeContents(node);
    note(node.parentElement, range.getBoundingClientRect(), ` text "${node.textContent.trim().slice(0, 40)}"`);
  }
  return {overflow: document.documentElement.scrollWidth - width, wide: wide.map((w) => w.text)};
}"""


def reflow_problems(page) -> list[str]:
    """Elements that stick out of a narrow viewport (and so make the whole page scroll sideways)."""
    result = page.evaluate(WIDE_ELEMENTS)
    if result["overflow"] <= 0:
        return []
    return [f"page is {result['overflow']}px wider than the viewport", *result["wide"][:10]]
