// The live reload of "s55 serve". The server adds this script to every page
// it serves; the built files do not hold it. The page reloads when the
// preview has changed since it was served: a "live" page on any change (a
// good rebuild or a failed one), a page of the last good build only when
// there is a newer good build.
(() => {
  "use strict";
  const me = document.currentScript;
  const follow = me.getAttribute("data-s55-follow");
  const at = Number(me.getAttribute("data-s55-at"));
  const events = new EventSource("/_s55/events");
  events.onmessage = (e) => {
    const s = JSON.parse(e.data);
    const now = follow === "good" ? s.good : s.gen;
    if (now !== at) {
      events.close();
      location.reload();
    }
  };
})();
