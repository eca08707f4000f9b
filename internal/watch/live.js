// Live reload for chrono watch: injected in every HTML page the preview
// serves, never in a build. It listens to the server's events: "reload"
// after a successful rebuild, with the files that changed (the page comes
// back at the same scroll position if its own file is one of them, a
// changed stylesheet is swapped in place, and without a list the page
// reloads), "problems" when a rebuild failed (the list is shown over the
// page, which stays as it was, under a sentence in the site's language).
(function () {
  "use strict";
  var key = "chrono-watch-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var xy = saved.split(",");
    var restore = function () { window.scrollTo(+xy[0] || 0, +xy[1] || 0); };
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore);
  }
  function reload() {
    sessionStorage.setItem(key, window.scrollX + "," + window.scrollY);
    location.reload();
  }
  // file is the file of the site this page was served from.
  function file(path) {
    path = decodeURIComponent(path).replace(/^\//, "");
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }
  function changed(e) {
    if (!e.data) return reload();
    var names = JSON.parse(e.data);
    if (names.indexOf(file(location.pathname)) >= 0) return reload();
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      if (url.origin === location.origin && names.indexOf(file(url.pathname)) >= 0) {
        url.searchParams.set("chrono", Date.now());
        links[i].href = url.href;
      }
    }
    var old = document.getElementById("chrono-problems");
    if (old) old.remove();
  }
  function show(message, problems) {
    var old = document.getElementById("chrono-problems");
    if (old) old.remove();
    var box = document.createElement("div");
    box.id = "chrono-problems";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = message;
    var pre = document.createElement("pre");
    pre.textContent = problems.join("\n");
    box.appendChild(p);
    box.appendChild(pre);
    document.body.appendChild(box);
  }
  var lost = false;
  var events = new EventSource("/_chrono/events");
  events.addEventListener("reload", changed);
  events.addEventListener("problems", function (e) { var d = JSON.parse(e.data); show(d.message, d.problems); });
  events.addEventListener("open", function () { if (lost) reload(); });
  events.addEventListener("error", function () { lost = true; });
})();
