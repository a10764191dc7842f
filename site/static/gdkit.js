// The course website opened straight from the file system: browsers refuse fetch() on
// file:// URLs, so Sphinx's search shows its results without the page summaries it
// would otherwise fetch (and no failed request, no console error).
if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
}
