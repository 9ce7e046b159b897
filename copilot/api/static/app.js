// Merchant Copilot web chat: a static page over the chat API (/v1), no build step, no framework.
//
// Contracts: the API key lives in sessionStorage only and travels in the Authorization header, never in a
// URL; every text that comes from the model, a tool or the store is inserted with textContent or through
// renderMarkdown, which escapes HTML before adding its own tags; images are fetched with the header and
// shown through blob URLs. API paths are resolved against the page's own URL, so the page also works
// under a path prefix and inside an iframe.
"use strict";

(() => {
  const STORAGE = { key: "copilot.apiKey", lang: "copilot.lang", decidedBy: "copilot.decidedBy" };
  const MEDIA_PATH = /^\/v1\/(files\/charts|creatives)\/[A-Za-z0-9_.-]+$/;
  const ARGS_CHARS = 160;
  const RENDER_DELAY_MS = 40;

  const state = { strings: {}, lang: "en", key: null, threadId: null, busy: false, blobUrls: [] };
  const $ = (id) => document.getElementById(id);

  // --- storage (sessionStorage may be refused in a sandboxed or third-party iframe) ---------------------

  const memoryStore = new Map();
  function load(name) {
    try {
      return window.sessionStorage.getItem(name);
    } catch {
      return memoryStore.get(name) ?? null;
    }
  }
  function save(name, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(name);
      else window.sessionStorage.setItem(name, value);
    } catch {
      if (value === null) memoryStore.delete(name);
      else memoryStore.set(name, value);
    }
  }

  // --- text ---------------------------------------------------------------------------------------------

  function t(name, params = {}) {
    const table = state.strings[state.lang] || {};
    const text = table[name] ?? name;
    return text.replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole));
  }

  /** Set a translatable text: the element keeps its key and arguments, so a language switch redraws it. */
  function setText(node, name, params) {
    node.dataset.i18n = name;
    if (params) node.dataset.i18nArgs = JSON.stringify(params);
    else delete node.dataset.i18nArgs;
    node.textContent = t(name, params);
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    document.title = t("title");
    for (const node of document.querySelectorAll("[data-i18n]")) {
      const args = node.dataset.i18nArgs ? JSON.parse(node.dataset.i18nArgs) : {};
      node.textContent = t(node.dataset.i18n, args);
    }
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
      node.placeholder = t(node.dataset.i18nPlaceholder);
    }
    for (const node of document.querySelectorAll("[data-i18n-label]")) {
      const args = node.dataset.i18nLabelArgs ? JSON.parse(node.dataset.i18nLabelArgs) : {};
      node.setAttribute("aria-label", t(node.dataset.i18nLabel, args));
    }
    $("lang-toggle").lang = state.lang === "zh" ? "en" : "zh";
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
    node.append(...children);
    return node;
  }

  // --- Markdown: escape first, then a small set of constructs -------------------------------------------

  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
  }

  function emphasis(escaped) {
    return escaped
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?!\w)/g, "$1<em>$2</em>");
  }

  /** One line of already-escaped text: code spans, http(s) links, bold, italic. */
  function inline(escaped) {
    const held = [];
    const hold = (html) => `\u0000${held.push(html) - 1}\u0000`;
    let text = escaped.replace(/`([^`]+)`/g, (_, code) => hold(`<code>${code}</code>`));
    text = text.replace(
      /\[([^\]]+)\]\((https?:\/\/[^\s()]+)\)/g,
      (_, label, url) => hold(`<a href="${url}" target="_blank" rel="noopener noreferrer">${emphasis(label)}</a>`),
    );
    return emphasis(text).replace(/\u0000(\d+)\u0000/g, (_, index) => held[Number(index)]);
  }

  function tableCells(line) {
    return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((cell) => inline(cell.trim()));
  }

  /** Markdown to HTML; the source is escaped before any tag is added, so it can never inject markup. */
  function renderMarkdown(source) {
    const lines = escapeHtml(source.replace(/\u0000/g, "")).split(/\r\n|\r|\n/);
    const out = [];
    let paragraph = [];
    let list = null;
    let fence = null;
    const flushParagraph = () => {
      if (paragraph.length) out.push(`<p>${paragraph.map(inline).join("<br>")}</p>`);
      paragraph = [];
    };
    const closeList = () => {
      if (list) out.push(`</${list}>`);
      list = null;
    };
    const openList = (kind, start = 1) => {
      flushParagraph();
      if (list !== kind) {
        closeList();
        out.push(start === 1 ? `<${kind}>` : `<${kind} start="${start}">`);
        list = kind;
      }
    };
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i];
      if (fence !== null) {
        if (/^\s*```/.test(line)) {
          out.push(`<pre><code>${fence.join("\n")}</code></pre>`);
          fence = null;
        } else fence.push(line);
        continue;
      }
      let match;
      if (/^\s*```/.test(line)) {
        flushParagraph();
        closeList();
        fence = [];
      } else if (/^\s*\|.*\|\s*$/.test(line) && /^\s*\|?[\s:|-]+\|?\s*$/.test(lines[i + 1] || "")) {
        flushParagraph();
        closeList();
        const head = tableCells(line).map((cell) => `<th scope="col">${cell}</th>`).join("");
        const rows = [];
        for (i += 2; i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i]); i += 1) {
          rows.push(`<tr>${tableCells(lines[i]).map((cell) => `<td>${cell}</td>`).join("")}</tr>`);
        }
        i -= 1;
        out.push(`<table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`);
      } else if ((match = /^\s*[-*+]\s+(.*)$/.exec(line))) {
        openList("ul");
        out.push(`<li>${inline(match[1])}</li>`);
      } else if ((match = /^\s*(\d{1,9})[.)]\s+(.*)$/.exec(line))) {
        openList("ol", Number(match[1]));
        out.push(`<li>${inline(match[2])}</li>`);
      } else if ((match = /^(#{1,6})\s+(.*)$/.exec(line))) {
        flushParagraph();
        closeList();
        const level = Math.min(match[1].length + 2, 6);
        out.push(`<h${level}>${inline(match[2])}</h${level}>`);
      } else if (!line.trim()) {
        flushParagraph();
        closeList();
      } else if (list && /^\s+\S/.test(line)) {
        const more = `<br>${inline(line.trim())}</li>`;
        out[out.length - 1] = out[out.length - 1].replace(/<\/li>$/, () => more);
      } else {
        closeList();
        paragraph.push(line);
      }
    }
    if (fence !== null) out.push(`<pre><code>${fence.join("\n")}</code></pre>`);
    flushParagraph();
    closeList();
    return out.join("");
  }

  // --- the API ------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  function apiUrl(path) {
    return new URL(path.replace(/^\//, ""), document.baseURI).toString();
  }

  async function errorFrom(response) {
    let code = `http_${response.status}`;
    let message = response.statusText || code;
    try {
      const body = await response.json();
      if (body && body.error) {
        code = String(body.error.code);
        message = String(body.error.message);
      }
    } catch {
      // not the API's JSON error shape: keep the HTTP status
    }
    return new ApiError(response.status, code, message);
  }

  /** fetch with the key; resolves to an ok Response, rejects with ApiError (status 0: network failure). */
  async function api(path, { method = "GET", body } = {}) {
    const headers = { Authorization: `Bearer ${state.key}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(apiUrl(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        credentials: "omit",
      });
    } catch (err) {
      throw new ApiError(0, "network", t("networkError", { message: err.message }));
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  /** Read a text/event-stream body, calling onEvent(name, data) with each event's JSON data. */
  async function readEvents(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let name = "message";
    let data = [];
    const line = (text) => {
      if (text === "") {
        if (data.length) onEvent(name, JSON.parse(data.join("\n")));
        name = "message";
        data = [];
      } else if (text.startsWith("event:")) {
        name = text.slice(6).trim();
      } else if (text.startsWith("data:")) {
        data.push(text.slice(5).replace(/^ /, ""));
      }
    };
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value, { stream: !done });
      let match;
      while ((match = /\r\n|\r(?!$)|\n/.exec(buffer))) {
        line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
      if (done) break;
    }
    line(buffer.replace(/\r$/, ""));
    line("");
  }

  // --- errors -------------------------------------------------------------------------------------------

  function showError(err) {
    const text = err instanceof ApiError && err.code !== "network" ? `${err.message} (${err.code})` : String(err.message || err);
    $("error-text").textContent = text;
    $("error").hidden = false;
    if (err instanceof ApiError && err.status === 401 && state.key) logout();
  }

  function clearError() {
    $("error").hidden = true;
    $("error-text").textContent = "";
  }

  // --- messages -----------------------------------------------------------------------------------------

  function scrollToEnd() {
    const log = $("messages");
    log.scrollTop = log.scrollHeight;
  }

  function appendToLog(node) {
    $("empty-hint").hidden = true;
    $("messages").append(node);
    scrollToEnd();
  }

  function appendUser(text) {
    const who = el("h3", { class: "who" });
    setText(who, "you");
    appendToLog(el("article", { class: "msg user" }, who, el("p", { class: "text" }, text)));
  }

  async function addImage(container, url, alt) {
    if (!MEDIA_PATH.test(url)) return;
    const figure = el("figure", { class: "media" });
    container.append(figure);
    try {
      const blob = await (await api(url)).blob();
      const objectUrl = URL.createObjectURL(blob);
      state.blobUrls.push(objectUrl);
      const img = el("img", { alt, src: objectUrl });
      img.addEventListener("load", scrollToEnd, { once: true });
      figure.append(img);
    } catch {
      const caption = el("figcaption", { class: "hint" });
      setText(caption, "imageFailed");
      figure.append(caption);
    }
  }

  function formatArgs(args) {
    if (!args || !Object.keys(args).length) return "";
    const text = JSON.stringify(args);
    return text.length <= ARGS_CHARS ? text : `${text.slice(0, ARGS_CHARS - 1)}…`;
  }

  /** The assistant's side of one turn: tool steps, the streamed answer, media and an approval card. */
  function createTurnView() {
    const who = el("h3", { class: "who" });
    setText(who, "copilot");
    const steps = el("ol", { class: "steps" });
    const answer = el("div", { class: "answer" });
    const media = el("div", { class: "media-list" });
    const status = el("p", { class: "hint status" });
    setText(status, "thinking");
    const article = el("article", { class: "msg assistant", "aria-busy": "true" }, who, steps, answer, media, status);
    const byId = new Map();
    let text = "";
    let timer = null;

    const render = () => {
      timer = null;
      answer.innerHTML = renderMarkdown(text);
      scrollToEnd();
    };
    const renderSoon = () => {
      if (timer === null) timer = setTimeout(render, RENDER_DELAY_MS);
    };
    const step = (id, name) => {
      let item = byId.get(id);
      if (!item) {
        const stateNode = el("span", { class: "state" });
        item = el("li", { class: "step running" }, el("code", { class: "tool" }, name), " ", stateNode);
        item.stateNode = stateNode;
        setText(stateNode, "toolRunning");
        byId.set(id, item);
        steps.append(item);
      }
      return item;
    };
    const finish = () => {
      if (timer !== null) {
        clearTimeout(timer);
        render();
      }
      article.removeAttribute("aria-busy");
      status.remove();
    };

    const handlers = {
      token(data) {
        text += data.text;
        article.dataset.tokens = String(Number(article.dataset.tokens || 0) + 1);
        renderSoon();
      },
      tool_started(data) {
        const item = step(data.id, data.name);
        const args = formatArgs(data.args);
        if (args) item.append(" ", el("span", { class: "args" }, args));
        scrollToEnd();
      },
      tool_finished(data) {
        const item = step(data.id, data.name);
        item.classList.remove("running", "waiting");
        item.classList.add(data.error ? "failed" : "done");
        setText(item.stateNode, data.error ? "toolFailed" : "toolDone");
        if (data.summary) item.append(el("div", { class: "summary" }, data.summary));
        for (const url of data.charts || []) addImage(media, url, t("chartAlt", { tool: data.name }));
        for (const url of data.images || []) addImage(media, url, t("imageAlt", { tool: data.name }));
        scrollToEnd();
      },
      approval_requested(data) {
        for (const item of byId.values()) {
          if (!item.classList.contains("running")) continue;
          item.classList.replace("running", "waiting");
          setText(item.stateNode, "toolWaiting");
        }
        article.append(approvalCard(data, state.threadId));
        scrollToEnd();
      },
      done(data) {
        if (!text && data.answer) text = data.answer;
        render();
        finish();
        if (data.approval_pending && !text) {
          const paused = el("p", { class: "hint" });
          setText(paused, "paused");
          answer.append(paused);
        }
      },
      error(data) {
        finish();
        showError(new ApiError(500, data.code, data.message));
      },
    };

    return {
      article,
      handle(name, data) {
        if (handlers[name]) handlers[name](data);
      },
      historyToolResult(name, content, step) {
        const running = [...byId.values()].find((item) => item.classList.contains("running") && item.dataset.tool === name);
        const id = running ? running.dataset.id : `history-${byId.size}`;
        const summary = step || (content.split("\n").find((line) => line.trim()) || "").trim();
        handlers.tool_finished({ id, name, summary, error: false, charts: [], images: [] });
      },
      historyToolCall(call) {
        handlers.tool_started(call);
        const item = byId.get(call.id);
        item.dataset.tool = call.name;
        item.dataset.id = call.id;
      },
      setAnswer(content) {
        text = content;
        render();
      },
      finish,
    };
  }

  /** Stream one run (a message or a decision) into a new turn view; resolves once the stream ends. */
  async function streamRun(path, body) {
    const view = createTurnView();
    appendToLog(view.article);
    let ended = false;
    try {
      const response = await api(path, { method: "POST", body });
      await readEvents(response, (name, data) => {
        if (name === "done" || name === "error") ended = true;
        view.handle(name, data);
      });
      if (!ended) throw new ApiError(0, "stream_ended", t("streamEnded"));
    } catch (err) {
      view.finish();
      throw err;
    }
  }

  function approvalCard(approval, threadId) {
    const titleId = `approval-${approval.approval_id}`;
    const title = el("h4", { id: titleId });
    setText(title, "approvalTitle");
    const card = el("section", { class: "approval", "aria-labelledby": titleId }, title);
    card.append(el("p", { class: "summary" }, approval.summary));
    const inputId = `${titleId}-by`;
    const nameLabel = el("label", { for: inputId });
    setText(nameLabel, "decidedBy");
    const nameInput = el("input", { id: inputId, type: "text", required: true, maxlength: 200, autocomplete: "name" });
    nameInput.value = load(STORAGE.decidedBy) || "";
    const approve = el("button", { type: "button", class: "primary approve" });
    setText(approve, "approve");
    const reject = el("button", { type: "button", class: "danger reject" });
    setText(reject, "reject");
    const outcome = el("p", { class: "outcome", role: "status" });
    const actions = el("div", { class: "actions" }, approve, reject);
    card.append(el("div", { class: "field" }, nameLabel, nameInput), actions, outcome);

    const decide = async (decision) => {
      const who = nameInput.value.trim();
      if (!who) {
        nameInput.reportValidity();
        nameInput.focus();
        return;
      }
      if (state.busy) return;
      save(STORAGE.decidedBy, who);
      clearError();
      setBusy(true);
      approve.disabled = reject.disabled = nameInput.disabled = true;
      setText(outcome, "deciding");
      try {
        await streamRun(`/v1/threads/${encodeURIComponent(threadId)}/approvals`, {
          approval_id: approval.approval_id,
          decision,
          decided_by: who,
          stream: true,
        });
        setText(outcome, decision === "approve" ? "approved" : "rejected", { who });
        actions.remove();
        nameInput.closest(".field").remove();
        card.classList.add("decided");
        $("message").focus();
      } catch (err) {
        outcome.textContent = "";
        approve.disabled = reject.disabled = nameInput.disabled = false;
        showError(err);
      } finally {
        setBusy(false);
        refreshThreads();
      }
    };
    approve.addEventListener("click", () => decide("approve"));
    reject.addEventListener("click", () => decide("reject"));
    return card;
  }

  // --- threads ------------------------------------------------------------------------------------------

  function setBusy(busy) {
    state.busy = busy;
    $("send").disabled = busy;
    $("new-thread").disabled = busy;
    for (const button of document.querySelectorAll("#thread-list button")) button.disabled = busy;
  }

  function clearConversation() {
    for (const url of state.blobUrls) URL.revokeObjectURL(url);
    state.blobUrls = [];
    for (const node of [...$("messages").children]) if (node.id !== "empty-hint") node.remove();
    $("empty-hint").hidden = false;
  }

  function renderThreads(threads) {
    const list = $("thread-list");
    list.replaceChildren();
    for (const thread of threads) {
      const open = el("button", { type: "button", class: "thread", "aria-current": thread.id === state.threadId ? "true" : null });
      if (thread.title) open.textContent = thread.title;
      else setText(open, "untitled");
      open.addEventListener("click", () => selectThread(thread.id).catch(showError));
      const remove = el("button", { type: "button", class: "icon delete", "data-i18n-label": "deleteThread" }, "×");
      remove.dataset.i18nLabelArgs = JSON.stringify({ title: thread.title || t("untitled") });
      remove.setAttribute("aria-label", t("deleteThread", { title: thread.title || t("untitled") }));
      remove.title = t("delete");
      remove.addEventListener("click", () => deleteThread(thread.id).catch(showError));
      list.append(el("li", {}, open, remove));
    }
    setBusy(state.busy);
  }

  async function refreshThreads() {
    try {
      const body = await (await api("/v1/threads")).json();
      renderThreads(body.threads);
    } catch (err) {
      showError(err);
    }
  }

  function renderHistory(detail) {
    let view = null;
    for (const message of detail.messages) {
      if (message.role === "user") {
        if (view) view.finish();
        view = null;
        appendUser(message.content);
        continue;
      }
      if (message.role === "system") continue;
      if (!view) {
        view = createTurnView();
        appendToLog(view.article);
      }
      if (message.role === "assistant") {
        for (const call of message.tool_calls || []) view.historyToolCall(call);
        if (message.content) view.setAnswer(message.content);
      } else if (message.role === "tool") {
        view.historyToolResult(message.name || "", message.content, message.summary);
      }
    }
    if (view) view.finish();
    if (detail.pending_approval) {
      appendToLog(approvalCard(detail.pending_approval, detail.id));
    }
  }

  async function selectThread(id) {
    clearError();
    const detail = await (await api(`/v1/threads/${encodeURIComponent(id)}`)).json();
    state.threadId = id;
    clearConversation();
    renderHistory(detail);
    await refreshThreads();
    $("message").focus();
  }

  async function newThread() {
    clearError();
    const thread = await (await api("/v1/threads", { method: "POST", body: {} })).json();
    state.threadId = thread.id;
    clearConversation();
    await refreshThreads();
    $("message").focus();
    return thread.id;
  }

  async function deleteThread(id) {
    clearError();
    await api(`/v1/threads/${encodeURIComponent(id)}`, { method: "DELETE" });
    if (id === state.threadId) {
      state.threadId = null;
      clearConversation();
    }
    await refreshThreads();
  }

  async function send(text) {
    if (state.busy) return;
    clearError();
    setBusy(true);
    try {
      const threadId = state.threadId || (await newThread());
      appendUser(text);
      $("message").value = "";
      await streamRun(`/v1/threads/${encodeURIComponent(threadId)}/messages`, { content: text, stream: true });
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
      await refreshThreads();
      $("message").focus();
    }
  }

  // --- sign-in and start --------------------------------------------------------------------------------

  function showView(signedIn) {
    $("login-view").hidden = signedIn;
    $("chat-view").hidden = !signedIn;
    $("logout").hidden = !signedIn;
  }

  async function login(key) {
    state.key = key;
    try {
      const body = await (await api("/v1/threads")).json();
      save(STORAGE.key, key);
      showView(true);
      renderThreads(body.threads);
      $("message").focus();
    } catch (err) {
      state.key = null;
      save(STORAGE.key, null);
      showView(false);
      showError(err.status === 401 ? new Error(t("badKey")) : err);
      $("api-key").focus();
    }
  }

  function logout() {
    state.key = null;
    state.threadId = null;
    save(STORAGE.key, null);
    clearConversation();
    $("thread-list").replaceChildren();
    showView(false);
    $("api-key").value = "";
    $("api-key").focus();
  }

  function wire() {
    $("login-form").addEventListener("submit", (event) => {
      event.preventDefault();
      clearError();
      const key = $("api-key").value.trim();
      if (key) login(key);
    });
    $("composer").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = $("message").value.trim();
      if (text) send(text);
    });
    $("message").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        $("composer").requestSubmit();
      }
    });
    $("new-thread").addEventListener("click", () => newThread().catch(showError));
    $("logout").addEventListener("click", logout);
    $("error-close").addEventListener("click", clearError);
    $("lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "zh" ? "en" : "zh";
      save(STORAGE.lang, state.lang);
      applyLanguage();
    });
  }

  async function start() {
    const response = await fetch(new URL("static/i18n.json", document.baseURI));
    state.strings = await response.json();
    const preferred = load(STORAGE.lang) || (navigator.language || "en").toLowerCase();
    state.lang = preferred.startsWith("zh") ? "zh" : "en";
    applyLanguage();
    wire();
    const key = load(STORAGE.key);
    if (key) await login(key);
    else {
      showView(false);
      $("api-key").focus();
    }
    document.body.dataset.ready = "true";
  }

  start().catch((err) => showError(err));
})();
