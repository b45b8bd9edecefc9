"""Moving through a page with the keyboard only, for the browser tests: Tab, typing, Enter and Space, and the look
of every element that gets the focus on the way (a visible focus indicator, WCAG 2.4.7)."""

# The properties a focus indicator can change; compared while focused and after focus has moved on.
FOCUS_LOOK = r"""(element) => {
  const style = getComputedStyle(element);
  const look = {
    outline: style.outlineStyle === "none" || parseFloat(style.outlineWidth) === 0
      ? "none" : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    boxShadow: style.boxShadow,
    border: style.borderColor + " " + style.borderWidth,
    background: style.backgroundColor,
    textDecoration: style.textDecorationLine,
  };
  const box = element.getBoundingClientRect();
  look.inView = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
    && box.top < window.innerHeight && box.left < window.innerWidth;
  // The outline is drawn outside the element (outline-offset >= 0): it must stand out against the
  // background behind the element by 3:1 (WCAG 1.4.11).
  const rgb = (color) => (color.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (a, b) => {
    const [l1, l2] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x);
    return Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
  };
  // The colours behind the element: the first ancestor with a background colour or gradient.
  let backgrounds = ["rgb(255, 255, 255)"];
  for (let node = element.parentElement; node; node = node.parentElement) {
    const nodeStyle = getComputedStyle(node);
    const gradient = nodeStyle.backgroundImage.match(/rgba?\([^)]*\)/g);
    if (gradient) { backgrounds = gradient; break; }
    const color = rgb(nodeStyle.backgroundColor);
    if (color.length === 3 || color[3] > 0) { backgrounds = [nodeStyle.backgroundColor]; break; }
  }
  if (look.outline !== "none") {
    look.outlineContrast = Math.min(...backgrounds.map((background) => contrast(style.outlineColor, background)));
  }
  return look;
}"""

DESCRIBE = r"""(element) => {
  if (element === document.body || element === null) return "(nothing: the page lost focus)";
  const text = element.getAttribute("aria-label") || element.textContent || element.value || "";
  const name = text.trim().replace(/\s+/g, " ");
  const id = element.id ? `#${element.id}` : "";
  const field = element.name ? `[name=${element.name}]` : "";
  return `<${element.tagName.toLowerCase()}${id}${field}> ${name.slice(0, 50)}`;
}"""


class Keyboard:
    """Moves through a page with Tab only and checks the focus indicator of every element it reaches."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        self._last = None

    def focused(self):
        return self.page.evaluate_handle("document.activeElement")

    def describe(self, handle=None) -> str:
        return self.page.evaluate(DESCRIBE, handle or self.focused())

    def _leave_last(self):
        if self._last is None:
            return
        handle, focused_look, label = self._last
        self._last = None
        if not handle.evaluate("element => element.isConnected"):
            return
        resting_look = handle.evaluate(FOCUS_LOOK)
        changed = {k for k in focused_look if focused_look[k] != resting_look.get(k)}
        if not changed:
            self.problems.append(f"{self.page.url}: {label} looks the same focused and unfocused")

    def tab(self, key="Tab"):
        """Presses Tab (or Shift+Tab) and records how the newly focused element looks."""
        self.page.keyboard.press(key)
        handle = self.focused()
        label = self.describe(handle)
        self._leave_last()
        if handle.evaluate("element => element === document.body"):
            return label
        look = handle.evaluate(FOCUS_LOOK)
        if look["outline"] == "none" and look["boxShadow"] == "none":
            self.problems.append(f"{self.page.url}: {label} has neither an outline nor a box-shadow when focused")
        if look.get("outlineContrast", 3) < 3:
            self.problems.append(
                f"{self.page.url}: the focus outline of {label} has a contrast of {look['outlineContrast']}:1"
                " against the background behind it (needs 3:1)"
            )
        if not look["inView"]:
            self.problems.append(f"{self.page.url}: {label} is focused but not visible")
        self._last = (handle, look, label)
        return label

    def tab_to(self, selector: str, *, most: int = 40) -> list[str]:
        """Tabs until the focused element matches `selector`; returns the elements passed on the way."""
        passed: list[str] = []
        for _ in range(most):
            label = self.tab()
            if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return passed
            passed.append(label)
        raise AssertionError(f"{selector} not reached with {most} Tabs on {self.page.url}; passed: {passed}")

    def type(self, text: str):
        self.page.keyboard.type(text)

    def press(self, key: str):
        assert key in {"Enter", " ", "Space"}, "only Tab, typing, Enter and Space are used"
        self.page.keyboard.press("Space" if key == " " else key)

    def submit(self, key: str = "Enter"):
        """Presses Enter or Space on the focused button and waits for the next page."""
        self._last = None  # its unfocused look cannot be seen once the page has changed
        with self.page.expect_navigation():
            self.press(key)

    def assert_focus_always_visible(self):
        assert not self.problems, "focus indicator problems:\n" + "\n".join(self.problems)
