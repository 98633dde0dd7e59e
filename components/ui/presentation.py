"""Presentation mode and the "copy link" control: the dashboard as it is used in a meeting.

Why a module of its own: in a screen share the sidebar, toolbar and download
buttons are noise and body text is too small for the back of the room. This
module owns everything that changes when `present=1` is on: the CSS that hides
the chrome and enlarges type, the always-visible "Exit presentation" control
(the sidebar is hidden, so the exit cannot live there), and previous/next
stepping through the pages that carry the key charts, like slides (keys ← / →,
Esc to exit). The flag itself is `presenting()`, which pages pass to
chart builders so chart text grows too (theme.PRESENTATION_SCALE).

"Copy link to this view" copies the browser's own address: every control is
bound to the URL, so the address *is* the view. It runs a few lines of our own
static JavaScript (no value from the URL is ever written into the page).
"""
from __future__ import annotations

import html

from typing import Sequence

import streamlit as st

from components.i18n import _

from components.ui import markdown, url_state

# Page text in presentation mode: the root size every rem of Streamlit's theme scales from (16 px
# normally), tied to the screen width so a 1920 px share gets 21 px and a 1280 px share 17 px:
# about 1.1 % of the width either way, which reads from the back of a room and still fits.
# Chart text grows separately (theme.PRESENTATION_SCALE, passed through presenting()).
PRESENT_ROOT_SIZE = "clamp(17px, 1.1vw, 22px)"

PRESENT_CSS = f"""
<style>
/* Chrome off: sidebar (and its re-open arrow), header toolbar, decoration, per-element toolbars. */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stElementToolbar"], [data-testid="stDownloadButton"], .hcai-share {{
  display: none !important;
}}
html {{ font-size: {PRESENT_ROOT_SIZE}; }}
/* The bar above names the page, so the page title can give some height back to the content. */
h1 {{ font-size: 2.2rem !important; padding-top: 0.25rem !important; }}
/* Use the whole screen; the header is gone, so the top padding can go too. */
[data-testid="stMainBlockContainer"] {{
  max-width: 100%; padding: 1rem 2.5rem 2rem 2.5rem;
}}
[data-testid="stMain"] {{ overflow-x: hidden; }}
.hcai-finding {{ font-size: 1.3rem; }}
[data-testid="stCaptionContainer"] {{ font-size: 0.85rem; }}
[data-testid="stMetricValue"] {{ font-size: 2.1rem; }}
</style>
"""

# The texts are the button's own attributes, read at click time: the script is installed once per browser tab,
# and the language can change after that.
SHARE_HTML = """
<div class="hcai-share">
  <button type="button" class="hcai-copy-link" data-copied="{copied}" data-failed="{failed}">{label}</button>
  <span class="hcai-copy-status" role="status" aria-live="polite"></span>
</div>
<script>
(function () {
  // One delegated listener per browser tab: the button is re-rendered on every page.
  if (window.__hcaiCopyLink) { return; }
  window.__hcaiCopyLink = true;
  async function copy(text) {
    // The Clipboard API can wait indefinitely when the tab is not focused: give it a moment, then fall back.
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 1500));
    try { await Promise.race([navigator.clipboard.writeText(text), timeout]); return true; }
    catch (e) { /* insecure origin, no focus, or no answer */ }
    const area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }
  document.addEventListener("click", async function (event) {
    const button = event.target.closest && event.target.closest(".hcai-copy-link");
    if (!button) { return; }
    const status = button.parentElement.querySelector(".hcai-copy-status");
    const ok = await copy(window.location.href);
    status.textContent = ok ? button.dataset.copied : button.dataset.failed;
  });
})();
</script>
"""


PRESENT_KEY = "present"
PRESENT_STATE_KEY = "_presenting"


def presenting() -> bool:
    """Presentation mode (URL flag `present=1`): bigger type, no chrome. Pages pass it to chart builders.

    The flag lives in the URL so a shared link opens in presentation mode, and in
    session state so it survives page switches: st.navigation keeps only the query
    parameters of widgets bound in app.py and drops plain ones such as this flag
    (checked in Streamlit 1.67), so each run puts it back while the session is
    presenting. Only the exit control (components.ui.presentation) ends it.
    """
    url_state.register(PRESENT_KEY)
    raw = st.query_params.get_all(PRESENT_KEY)
    if raw and raw[-1] == "1":
        st.session_state[PRESENT_STATE_KEY] = True
    on = bool(st.session_state.get(PRESENT_STATE_KEY))
    if on and raw != ["1"]:
        st.query_params[PRESENT_KEY] = "1"
    return on


def set_presenting(on: bool) -> None:
    """Enter or leave presentation mode (used by the controls' callbacks)."""
    st.session_state[PRESENT_STATE_KEY] = on
    if on:
        st.query_params[PRESENT_KEY] = "1"
    elif PRESENT_KEY in st.query_params:
        del st.query_params[PRESENT_KEY]


def sidebar_controls() -> None:
    """Share and present, at the bottom of the sidebar (call inside `with st.sidebar`)."""
    st.markdown("**" + _("Share and present") + "**")
    st.html(share_html(), unsafe_allow_javascript=True)
    st.button(_("Presentation mode"), key="present.enter", icon=":material/slideshow:",
              on_click=set_presenting, args=(True,),
              help=_("Hides the sidebar and toolbars and enlarges text for a shared screen. "
                     "Step through the pages with ← and →; Esc exits. A link with present=1 opens in this mode."))


def share_html() -> str:
    """The copy-link control in the current language (texts escaped for HTML attributes and content)."""
    return SHARE_HTML.replace("{label}", html.escape(_("Copy link to this view"))).replace(
        "{copied}", html.escape(_("Link copied: it opens this page with the same filters and selections."))).replace(
        "{failed}", html.escape(_("Could not copy: copy the address from the browser's address bar.")))


def frame(current: st.Page, slides: Sequence[st.Page]) -> bool:
    """In presentation mode: the CSS and the presenter bar above the page. Returns whether presenting."""
    url_state.check_choices(PRESENT_KEY, ["1"])  # a bad value gets a notice, never applies
    if not presenting():
        return False
    st.html(PRESENT_CSS)
    paths = [p.url_path for p in slides]
    index = paths.index(current.url_path) if current.url_path in paths else None
    previous = slides[index - 1] if index is not None and index > 0 else None
    following = slides[index + 1] if index is not None and index + 1 < len(slides) else (
        slides[0] if index is None and slides else None)
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="present-bar"):
        go_back = st.button(_("Previous"), key="present.prev", icon=":material/arrow_back:", shortcut="Left",
                            disabled=previous is None, help=_("Previous page of the presentation (←)"))
        position = (_("{number} of {count}").format(number=index + 1, count=len(slides)) if index is not None
                    else _("not in the slide order"))
        st.markdown(f"**{markdown.md(current.title)}** · {position}")
        go_next = st.button(_("Next"), key="present.next", icon=":material/arrow_forward:", shortcut="Right",
                            icon_position="right", disabled=following is None,
                            help=_("Next page of the presentation (→)"))
        st.space("stretch")
        st.button(_("Exit presentation"), key="present.exit", icon=":material/close_fullscreen:", shortcut="Esc",
                  on_click=set_presenting, args=(False,), type="primary",
                  help=_("Back to the normal view with the sidebar (Esc)"))
    if go_back and previous is not None:
        st.switch_page(previous)
    if go_next and following is not None:
        st.switch_page(following)
    return True
