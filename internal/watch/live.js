// Live reload for chrono watch: injected in every HTML page the preview
// serves, never in a build. It listens to the server's events: "reload"
// after a successful rebuild (the page comes back at the same scroll
// position), "problems" when a rebuild failed (the list is shown over the
// page, which stays as it was).
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
  function show(problems) {
    var old = document.getElementById("chrono-problems");
    if (old) old.remove();
    var box = document.createElement("div");
    box.id = "chrono-problems";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = "chrono watch: the last rebuild failed; this page is the last good one. Fix these and save:";
    var pre = document.createElement("pre");
    pre.textContent = problems.join("\n");
    box.appendChild(p);
    box.appendChild(pre);
    document.body.appendChild(box);
  }
  var lost = false;
  var events = new EventSource("/_chrono/events");
  events.addEventListener("reload", reload);
  events.addEventListener("problems", function (e) { show(JSON.parse(e.data)); });
  events.addEventListener("open", function () { if (lost) reload(); });
  events.addEventListener("error", function () { lost = true; });
})();
