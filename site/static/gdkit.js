// The course website opened straight from the file system: browsers refuse fetch() on
// file:// URLs, so Sphinx's search shows its results without the page summaries it
// would otherwise fetch (and no failed request, no console error).
if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
}

// WCAG 2.5.3 (label in name): the theme's search buttons show "Search Ctrl+K" but are
// named "Search" by aria-label.  Let the visible text name them, and announce the
// shortcut as a shortcut.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".search-button__button[aria-label]")) {
    button.removeAttribute("aria-label");
    button.setAttribute("aria-keyshortcuts", "Control+K");
  }
});
