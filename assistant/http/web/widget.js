/* The widget loader: one script tag and one element put the assistant on a host page.
 *
 *   <div data-assistant data-title="Ask about the integration white paper"></div>
 *   <script src="https://assistant.example/widget.js" defer></script>
 *
 * Options, as data- attributes on the element (all optional):
 *   data-assistant-url  where the assistant runs (default: where this script came from)
 *   data-title          the widget's heading and the frame's accessible name
 *   data-accent         an accent colour, #rrggbb; ignored unless readable on white (4.5:1)
 *   data-starters       starter questions, separated by "|" (at most 4)
 *   data-token-url      a URL on the host's own server that returns a fresh access token, as
 *                       text or JSON {"token": "..."}, for assistants that require tokens
 *   data-height         the frame's height before it sizes itself, in pixels (default 600)
 *
 * The loader inserts an iframe of /embed and sizes it to its content from postMessage. It
 * listens only to messages from that frame and from the assistant's origin, and sends tokens
 * only to that origin.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var scriptUrl = script && script.src ? script.src : null;
  var MIN_HEIGHT = 200;
  var MAX_HEIGHT = 20000;
  var READY_WAIT_MS = 3000;

  function assistantBase(host) {
    var given = host.getAttribute("data-assistant-url") || scriptUrl;
    if (!given) { return null; }
    var url = new URL(given, document.baseURI);
    if (url.protocol !== "https:" && url.protocol !== "http:") { return null; }
    if (!host.getAttribute("data-assistant-url")) { url = new URL(".", url); }
    if (url.pathname.slice(-1) !== "/") { url.pathname += "/"; }
    url.search = "";
    url.hash = "";
    return url;
  }

  function fallback(host, base, frame) {
    var note = document.createElement("p");
    note.className = "wpa-widget-fallback";
    note.appendChild(document.createTextNode("The assistant cannot be shown on this page. "));
    var link = document.createElement("a");
    link.href = new URL("embed", base).href;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Open the assistant (opens in new tab)";
    note.appendChild(link);
    frame.remove();
    host.appendChild(note);
  }

  function fetchToken(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("token " + response.status); }
        return response.text();
      })
      .then(function (text) {
        var trimmed = text.trim();
        if (trimmed.charAt(0) === "{") { return String(JSON.parse(trimmed).token || ""); }
        return trimmed;
      });
  }

  function mount(host) {
    if (host.getAttribute("data-assistant-mounted")) { return; }
    var base = assistantBase(host);
    if (!base) { return; }
    host.setAttribute("data-assistant-mounted", "true");
    var origin = base.origin;
    var title = host.getAttribute("data-title") || "Ask about the integration white paper";
    var src = new URL("embed", base);
    src.searchParams.set("title", title);
    src.searchParams.set("parent", window.location.origin);
    if (host.getAttribute("data-accent")) {
      src.searchParams.set("accent", host.getAttribute("data-accent"));
    }
    (host.getAttribute("data-starters") || "").split("|").forEach(function (s) {
      if (s.trim()) { src.searchParams.append("starter", s.trim()); }
    });

    var frame = document.createElement("iframe");
    frame.src = src.href;
    frame.title = title;
    frame.setAttribute("sandbox",
      "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox");
    frame.setAttribute("referrerpolicy", "origin");
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.display = "block";
    frame.style.height = (parseInt(host.getAttribute("data-height"), 10) || 600) + "px";

    var ready = false;
    var tokenUrl = host.getAttribute("data-token-url");

    window.addEventListener("message", function (event) {
      if (event.origin !== origin || event.source !== frame.contentWindow) { return; }
      var data = event.data;
      if (!data || typeof data.type !== "string") { return; }
      if (data.type === "wpa:ready") {
        ready = true;
      } else if (data.type === "wpa:resize" && typeof data.height === "number" && isFinite(data.height)) {
        var height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(data.height)));
        frame.style.height = height + "px";
      } else if (data.type === "wpa:token-request" && tokenUrl) {
        fetchToken(tokenUrl).then(function (token) {
          frame.contentWindow.postMessage({ type: "wpa:token", token: token }, origin);
        }, function () {
          frame.contentWindow.postMessage({ type: "wpa:token", token: "" }, origin);
        });
      }
    });

    frame.addEventListener("load", function () {
      setTimeout(function () { if (!ready) { fallback(host, base, frame); } }, READY_WAIT_MS);
    });
    host.appendChild(frame);
  }

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-assistant]"), mount);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
}());
