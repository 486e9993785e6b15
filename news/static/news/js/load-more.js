/* "Indlæs flere": append the next page of the feed in place.
 * Without this file the link is a plain link to ?page=N, which works.
 * Fetches ?page=N&fragment=1 (cards and pagination only), appends the
 * cards, moves focus to the first new card's link, and updates the URL.
 */
(function () {
  "use strict";

  var list = document.getElementById("news-feed-list");
  if (!list || !window.fetch || !window.DOMParser) { return; }

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  list.parentNode.insertBefore(status, list.nextSibling);

  function fragmentUrl(href) {
    var url = new URL(href, window.location.href);
    url.searchParams.set("fragment", "1");
    return url.toString();
  }

  function onClick(event) {
    var link = event.target.closest("[data-load-more]");
    if (!link) { return; }
    event.preventDefault();
    if (link.getAttribute("aria-busy") === "true") { return; }
    link.setAttribute("aria-busy", "true");
    var pageUrl = link.href;

    fetch(fragmentUrl(pageUrl), { headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var newItems = doc.querySelectorAll("#news-feed-list > li");
        var firstLink = null;
        newItems.forEach(function (item) {
          var imported = document.importNode(item, true);
          list.appendChild(imported);
          if (!firstLink) { firstLink = imported.querySelector("a"); }
        });
        var oldNav = document.querySelector("[data-load-more-nav]");
        var newNav = doc.querySelector("[data-load-more-nav]");
        if (oldNav) {
          if (newNav) {
            oldNav.replaceWith(document.importNode(newNav, true));
          } else {
            oldNav.remove();
          }
        }
        status.textContent = newItems.length + " flere indlæg er indlæst.";
        if (window.history && window.history.pushState) {
          window.history.pushState({ newsPage: pageUrl }, "", pageUrl);
        }
        if (firstLink) { firstLink.focus(); }
      })
      .catch(function () {
        // Fall back to the plain link: the next page as a whole page.
        window.location.href = pageUrl;
      });
  }

  document.addEventListener("click", onClick);
})();
