/* The chat page's enhancement: stream answers instead of posting the form.
 *
 * Without this script the form posts and the server renders the answer; with it, answers stream
 * over server-sent events. Everything from the server is set as text (textContent), never as
 * HTML. Screen readers hear one status message ("Answer ready") rather than a live region over
 * streaming text, and focus moves to the new answer. When framed by the widget loader, the page
 * reports its height and asks for access tokens through postMessage, to the one parent origin
 * the server allowed.
 */
(function () {
  "use strict";

  var root = document.getElementById("wpa");
  if (!root || !window.fetch || !window.TextDecoder || !window.ReadableStream) {
    return; // the plain form post still works
  }
  var config = JSON.parse(root.getAttribute("data-config"));
  var form = document.getElementById("wpa-form");
  var textarea = document.getElementById("wpa-question");
  var newRegion = document.getElementById("wpa-new");
  var historyList = document.getElementById("wpa-history");
  var statusEl = document.getElementById("wpa-status");
  var askButton = document.getElementById("wpa-ask");
  var summary = document.getElementById("wpa-error-summary");
  var baseTitle = document.title.replace(/^Error: /, "");
  var framed = Boolean(config.parent) && window.parent !== window;
  var questions = Array.prototype.map.call(
    form.querySelectorAll('input[name="history"]'), function (input) { return input.value; });
  var tokenInput = form.querySelector('input[name="token"]');
  var token = tokenInput ? tokenInput.value : null;
  var tokenWaiters = [];
  var busy = false;
  var INLINE = /\\([\\`*_{}[\]()#+\-.!|>~])|\*\*(.+?)\*\*|\[(\d+)\]/g;
  var ESCAPE = /\\([\\`*_{}[\]()#+\-.!|>~])/g;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function hidden(text) { return el("span", { "class": "wpa-visually-hidden" }, text); }

  function formatNumber(n) { return n.toLocaleString("en-GB"); }

  function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }

  // ------------------------------------------------------------------ talking to the host page
  function tell(message) {
    if (framed) { window.parent.postMessage(message, config.parent); }
  }

  function reportHeight() {
    var height = Math.ceil(root.getBoundingClientRect().height) + 2;
    document.documentElement.style.setProperty(
      "--wpa-composer-height", (form.offsetHeight + 16) + "px");
    tell({ type: "wpa:resize", height: height });
  }

  window.addEventListener("message", function (event) {
    if (!framed || event.origin !== config.parent || event.source !== window.parent) { return; }
    var data = event.data;
    if (data && data.type === "wpa:token" && typeof data.token === "string") {
      token = data.token;
      tokenWaiters.splice(0).forEach(function (resolve) { resolve(token); });
    }
  });

  function freshToken() {
    return new Promise(function (resolve) {
      if (!framed) { resolve(token); return; }
      tokenWaiters.push(resolve);
      tell({ type: "wpa:token-request" });
      setTimeout(function () { resolve(token); }, 8000);
    });
  }

  // ---------------------------------------------------------------------------- the question box
  var countEl = document.getElementById("wpa-question-count");
  var countStatus = document.getElementById("wpa-count-status");
  var countTimer = null;

  function countMessage() {
    var left = config.maxChars - textarea.value.length;
    var n = Math.abs(left);
    var noun = n === 1 ? " character" : " characters";
    return left >= 0 ? "You have " + formatNumber(n) + noun + " remaining"
      : "You have " + formatNumber(n) + noun + " too many";
  }

  function updateCount() {
    var message = countMessage();
    countEl.textContent = message;
    countEl.classList.toggle("wpa-count--over", textarea.value.length > config.maxChars);
    clearTimeout(countTimer);
    countTimer = setTimeout(function () { countStatus.textContent = message; }, 1000);
  }

  textarea.addEventListener("input", updateCount);
  updateCount();
  countStatus.textContent = "";

  function showError(message) {
    document.getElementById("wpa-error-link").textContent = message;
    document.getElementById("wpa-error-text").textContent = message;
    document.getElementById("wpa-question-error").hidden = false;
    document.getElementById("wpa-group").classList.add("wpa-form-group--error");
    textarea.setAttribute("aria-describedby",
      "wpa-question-hint wpa-question-count wpa-question-error");
    summary.hidden = false;
    document.title = "Error: " + baseTitle;
    summary.focus();
    reportHeight();
  }

  function clearError() {
    summary.hidden = true;
    document.getElementById("wpa-question-error").hidden = true;
    document.getElementById("wpa-group").classList.remove("wpa-form-group--error");
    textarea.setAttribute("aria-describedby", "wpa-question-hint wpa-question-count");
    document.title = baseTitle;
  }

  // ------------------------------------------------------------------------- rendering answers
  function citeLink(turn, n) {
    var link = el("a", { "class": "wpa-cite", href: "#wpa-turn-" + turn + "-source-" + n });
    link.appendChild(hidden("source "));
    link.appendChild(document.createTextNode("[" + n + "]"));
    return link;
  }

  function appendInline(parent, text, turn) {
    var plain = "";
    var last = 0;
    var match;
    INLINE.lastIndex = 0;
    while ((match = INLINE.exec(text)) !== null) {
      plain += text.slice(last, match.index);
      last = INLINE.lastIndex;
      if (match[1] !== undefined) { plain += match[1]; continue; }
      if (plain) { parent.appendChild(document.createTextNode(plain)); plain = ""; }
      if (match[2] !== undefined) {
        parent.appendChild(el("strong", {}, match[2].replace(ESCAPE, "$1")));
      } else {
        parent.appendChild(citeLink(turn, match[3]));
      }
    }
    plain += text.slice(last);
    if (plain) { parent.appendChild(document.createTextNode(plain)); }
  }

  function renderBody(container, markdown, turn) {
    var list = null;
    markdown.split(/\r?\n/).forEach(function (raw) {
      var line = raw.trim();
      if (!line) { return; }
      if (line.indexOf("- ") === 0) {
        if (!list) { list = container.appendChild(el("ul", { "class": "wpa-list" })); }
        appendInline(list.appendChild(el("li")), line.slice(2), turn);
        return;
      }
      list = null;
      if (/^\*\*[^*]+\*\*$/.test(line)) {
        container.appendChild(el("h4", { "class": "wpa-answer__heading" },
          line.slice(2, -2).replace(ESCAPE, "$1")));
      } else {
        appendInline(container.appendChild(el("p")), line, turn);
      }
    });
  }

  function renderPositions(container, positions, turn) {
    if (!positions || !positions.length) { return; }
    var groups = {};
    var order = [];
    positions.forEach(function (p) {
      var topic = config.topics[p.topic] || p.topic;
      if (!groups[topic]) { groups[topic] = []; order.push(topic); }
      groups[topic].push(p);
    });
    var box = container.appendChild(el("div", { "class": "wpa-positions" }));
    box.appendChild(el("h4", { "class": "wpa-heading-s" }, "Where bodies stand"));
    var list = box.appendChild(el("ul", { "class": "wpa-list" }));
    order.forEach(function (topic) {
      var item = list.appendChild(el("li"));
      item.appendChild(el("strong", {}, topic + ":"));
      groups[topic].forEach(function (p, i) {
        var stance = config.stances[p.stance] || p.stance;
        item.appendChild(document.createTextNode(" " + p.body + " (" + stance + ")"));
        if (p.citation) {
          item.appendChild(document.createTextNode(" "));
          item.appendChild(citeLink(turn, p.citation));
        }
        if (i < groups[topic].length - 1) { item.appendChild(document.createTextNode(";")); }
      });
    });
  }

  function renderSources(container, citations, turn) {
    if (!citations || !citations.length) { return; }
    container.appendChild(el("h4", { "class": "wpa-heading-s" }, "Sources"));
    var list = container.appendChild(el("ol", { "class": "wpa-sources" }));
    citations.forEach(function (c) {
      var item = list.appendChild(el("li", {
        "class": "wpa-source", id: "wpa-turn-" + turn + "-source-" + c.n }));
      var title = item.appendChild(el("p", { "class": "wpa-source__title" }));
      title.appendChild(el("span", { "class": "wpa-source__n" }, "[" + c.n + "]"));
      title.appendChild(document.createTextNode(" " + c.title));
      var kept = [];
      [c.speaker, c.body, c.publisher, c.date].forEach(function (part) {
        var lower = part ? String(part).toLowerCase() : "";
        if (lower && !kept.some(function (k) {
          var other = k.toLowerCase();
          return other.indexOf(lower) >= 0 || lower.indexOf(other) >= 0;
        })) { kept.push(String(part)); }
      });
      var section = c.section && c.section !== c.title ? c.section : null;
      var meta = [config.kinds[c.kind] || c.kind].concat(kept, section ? [section] : []).join(" · ");
      item.appendChild(el("p", { "class": "wpa-meta" }, meta));
      if (c.about_other_policy && c.about_title) {
        item.appendChild(el("p", { "class": "wpa-about-other" },
          config.aboutOther.replace("{paper}", c.about_title)));
      }
      var details = item.appendChild(el("details", { "class": "wpa-details" }));
      details.appendChild(el("summary", {}, "Show the quote"));
      details.appendChild(el("blockquote", { "class": "wpa-quote" }, c.quote));
      details.addEventListener("toggle", reportHeight);
      var url = safeUrl(c.url);
      if (url) {
        item.appendChild(el("p")).appendChild(el("a", {
          "class": "wpa-link", href: url, target: "_blank", rel: "noopener noreferrer"
        }, "Read the original (opens in new tab)"));
      }
    });
  }

  function newTurn(question) {
    var n = document.querySelectorAll("article.wpa-turn").length + 1;
    var article = el("article", {
      "class": "wpa-turn", id: "wpa-turn-" + n, "aria-labelledby": "wpa-turn-" + n + "-question" });
    var heading = article.appendChild(el("h3", {
      "class": "wpa-question", id: "wpa-turn-" + n + "-question" }));
    heading.appendChild(hidden("You asked: "));
    heading.appendChild(document.createTextNode(question));
    var answer = article.appendChild(el("div", {
      "class": "wpa-answer", id: "wpa-turn-" + n + "-answer", tabindex: "-1" }));
    var streaming = answer.appendChild(el("div", { "class": "wpa-answer__streaming" }));
    return { n: n, article: article, answer: answer, streaming: streaming };
  }

  function finish(turn, answer) {
    turn.answer.textContent = "";
    var body = turn.answer.appendChild(el("div", { "class": "wpa-answer__body" }));
    renderBody(body, answer.answer || "", turn.n);
    renderPositions(turn.answer, answer.positions, turn.n);
    renderSources(turn.answer, answer.citations, turn.n);
    questions.push(answer.question);
  }

  // ------------------------------------------------------------------------------- asking
  function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    var boundary = /\r\n\r\n|\n\n|\r\r(?!\n)/;

    function dispatch(block) {
      var name = "message";
      var data = [];
      block.split(/\r\n|\r|\n/).forEach(function (line) {
        if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
        if (line.indexOf("data:") === 0) { data.push(line.slice(5).replace(/^ /, "")); }
      });
      if (data.length) { onEvent(name, JSON.parse(data.join("\n"))); }
    }

    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { if (buffer.trim()) { dispatch(buffer); } return; }
        buffer += decoder.decode(chunk.value, { stream: true });
        var match;
        while ((match = boundary.exec(buffer)) !== null) {
          dispatch(buffer.slice(0, match.index));
          buffer = buffer.slice(match.index + match[0].length);
        }
        return pump();
      });
    }
    return pump();
  }

  function send(question) {
    var headers = { "Content-Type": "application/json", Accept: "text/event-stream" };
    var prior = config.maxHistory ? questions.slice(-config.maxHistory) : [];
    var body = JSON.stringify({ question: question, history: prior });
    function attempt() {
      if (token) { headers.Authorization = "Bearer " + token; }
      return fetch("v1/ask/stream", {
        method: "POST", headers: headers, body: body, credentials: "omit" });
    }
    var ready = config.tokenRequired && !token ? freshToken() : Promise.resolve(token);
    return ready.then(attempt).then(function (response) {
      if (response.status !== 401 || !config.tokenRequired || !framed) { return response; }
      token = null;
      return freshToken().then(attempt);
    });
  }

  function errorFrom(response) {
    return response.json().then(function (body) {
      return body && typeof body.error === "string" ? body.error : "The assistant could not answer.";
    }, function () { return "The assistant could not answer; please try again."; });
  }

  function ask(question) {
    busy = true;
    askButton.setAttribute("aria-disabled", "true");
    statusEl.textContent = "";
    var turn = null;
    var failed = null;
    return send(question).then(function (response) {
      if (!response.ok) { return errorFrom(response).then(function (m) { failed = m; }); }
      clearError();
      Array.prototype.slice.call(newRegion.children).forEach(function (old) {
        historyList.appendChild(el("li", { "class": "wpa-turn" })).appendChild(old);
      });
      var starters = document.getElementById("wpa-starters");
      if (starters) { starters.hidden = true; }
      turn = newTurn(question);
      newRegion.setAttribute("aria-busy", "true");
      newRegion.appendChild(turn.article);
      reportHeight();
      return readEvents(response, function (name, data) {
        if (name === "text") { turn.streaming.textContent += data.text; reportHeight(); }
        if (name === "answer") { finish(turn, data); }
        if (name === "error") { failed = data.error || "The answer failed; please try again."; }
      });
    }).catch(function () {
      failed = "The assistant could not be reached. Check your connection and try again.";
    }).then(function () {
      newRegion.setAttribute("aria-busy", "false");
      busy = false;
      askButton.removeAttribute("aria-disabled");
      if (failed) {
        if (turn) { turn.article.remove(); }
        showError(failed);
        return;
      }
      textarea.value = "";
      updateCount();
      countStatus.textContent = "";
      reportHeight();
      turn.answer.focus();
      setTimeout(function () { statusEl.textContent = "Answer ready"; }, 50);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) { return; }
    var submitter = event.submitter;
    var question = submitter && submitter.name === "ask_starter" ? submitter.value : textarea.value;
    if (!question.trim()) { showError("Enter a question"); return; }
    if (question.length > config.maxChars) {
      showError("Your question must be " + formatNumber(config.maxChars) + " characters or fewer");
      return;
    }
    ask(question);
  });

  summary.addEventListener("click", function (event) {
    if (event.target && event.target.id === "wpa-error-link") {
      event.preventDefault();
      textarea.focus();
    }
  });

  if (window.ResizeObserver) { new window.ResizeObserver(reportHeight).observe(root); }
  window.addEventListener("load", reportHeight);
  tell({ type: "wpa:ready" });
  reportHeight();
}());
