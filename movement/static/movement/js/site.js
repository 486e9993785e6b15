/* Progressive enhancement only: every feature works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");
})();
