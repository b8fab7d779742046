// The editor of "s55 serve". The server writes the forms; this script makes
// them save through the editor's API (PUT /_s55/api/...), shows the problems
// of a refused save beside their fields, previews each piece of Markdown as
// it is typed, and keeps what was typed when the file changes behind the
// form: a save then shows the file's text beside the officer's, and nothing
// typed is lost. It writes no markup from data: every text is set with
// textContent, and previews go into sandboxed frames.
(() => {
  "use strict";
  const main = document.querySelector("[data-s55-token]");
  if (!main) {
    return;
  }
  const token = main.getAttribute("data-s55-token");
  const announcer = document.getElementById("s55-announce");
  const bigPreview = document.getElementById("s55-preview");

  // announce says msg in the live region, once, even when it is the same
  // words as the last time.
  const announce = (msg) => {
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = msg; }, 30);
  };

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  // norm tidies a value of the field as the server does before it writes
  // it, so that a form is told changed only when the file would be:
  // Markdown ends with one line break, other texts lose the white space
  // around them, a list its empty lines.
  const markdown = new Set(["text", "response", "comment", "introduction", "body"]);
  const norm = (field, v) => {
    if (typeof v === "string") {
      v = v.replace(/\r\n/g, "\n");
      if (markdown.has(field)) {
        v = v.replace(/[ \t\n]+$/, "");
        return v === "" ? "" : v + "\n";
      }
      return v.trim();
    }
    if (Array.isArray(v)) {
      return v.map((e) => norm(field, e)).filter((e) => e !== "");
    }
    if (v && typeof v === "object") {
      const out = {};
      for (const k of Object.keys(v)) {
        out[k] = norm(field, v[k]);
      }
      return out;
    }
    return v;
  };
  const sameIn = (field, a, b) => same(norm(field, a), norm(field, b));

  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  // ifMatch is the If-Match of a change: the version of the file, or, for
  // a letter in a file for each language (versions keyed by language), the
  // versions of the files of the languages the body sends.
  const ifMatch = (version, body) => {
    if (typeof version === "string") {
      return "\"" + version + "\"";
    }
    const langs = new Set();
    for (const v of Object.values(body || {})) {
      if (isObject(v)) {
        Object.keys(v).forEach((l) => langs.add(l));
      }
    }
    return Array.from(langs).filter((l) => version[l]).map((l) => "\"" + version[l] + "\"").join(", ");
  };

  // api calls the editor's API and never throws: a server that does not
  // answer is status 0.
  const api = async (method, path, body, version) => {
    const headers = { "Content-Type": "application/json", "X-S55-Token": token };
    if (version) {
      headers["If-Match"] = ifMatch(version, body);
    }
    let res;
    try {
      res = await fetch("/_s55/api/" + path, {
        method, headers, body: JSON.stringify(body), cache: "no-store", credentials: "same-origin",
      });
    } catch (e) {
      return { status: 0, data: { error: "the preview server does not answer: is s55 serve still running?" } };
    }
    let data;
    try {
      data = await res.json();
    } catch (e) {
      data = { error: res.status + " " + res.statusText };
    }
    return { status: res.status, data };
  };

  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined) {
      e.textContent = text;
    }
    if (cls) {
      e.className = cls;
    }
    return e;
  };

  // problemText words a problem beside its field, as the server does.
  const problemText = (p) => {
    let s = p.severity === "error" ? "" : p.severity[0].toUpperCase() + p.severity.slice(1) + ": ";
    if (p.at) {
      s += "line " + p.at.line + ", column " + p.at.col + ": ";
    }
    return s + p.message;
  };

  const clock = () => new Date().toLocaleTimeString("en-GB");

  const parts = [];

  // Part is one form: a part of the response that is saved on its own.
  class Part {
    constructor(form) {
      this.form = form;
      this.id = form.id.replace(/^edit-/, "");
      this.target = form.dataset.target;
      this.name = form.dataset.name;
      // The version of the part's file; for a letter in a file for each
      // language, each file's, keyed by language, as its boxes carry them.
      this.version = form.dataset.version || null;
      const versions = {};
      for (const c of this.controls()) {
        if (c.dataset.version) {
          versions[c.dataset.lang] = c.dataset.version;
        }
      }
      if (Object.keys(versions).length > 0) {
        this.version = versions;
      }
      this.file = this.target === "letter" ? "letter" : "data";
      this.statusEl = form.querySelector(".form-status");
      this.conflictEl = form.querySelector(".conflict");
      this.generalEl = document.getElementById(form.id + "-problems");
      this.previewEl = form.querySelector(".item-preview");
      this.frame = this.previewEl ? this.previewEl.querySelector("iframe") : null;
      this.button = form.querySelector("button[type=submit]");
      this.base = this.values();
      this.saving = false;
      this.previews = 0;
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        this.save();
      });
      form.addEventListener("input", () => this.schedulePreview());
      form.addEventListener("focusin", () => {
        this.follow();
        if (this.frame && this.previewEl.hidden) {
          this.schedulePreview();
        }
      });
      if (this.frame) {
        this.frame.addEventListener("load", () => this.fitFrame());
      }
    }

    controls() {
      return Array.from(this.form.querySelectorAll("textarea[data-field], input[data-field], select[data-field]"));
    }

    // values reads the form as the API takes it: a string, an object keyed
    // by language tag, or a list of lines.
    values() {
      const out = {};
      for (const c of this.controls()) {
        const name = c.dataset.field;
        let v = c.value;
        if (c.dataset.list === "lines") {
          v = v.split("\n").map((s) => s.trim()).filter((s) => s !== "");
        }
        if (c.dataset.lang) {
          out[name] = out[name] || {};
          out[name][c.dataset.lang] = v;
        } else {
          out[name] = v;
        }
      }
      return out;
    }

    // perFile reports whether each language of the part is a file of its
    // own, saved on its own: a letter in a file for each language.
    perFile() {
      return isObject(this.version);
    }

    // changes returns the fields that differ from the file as read; where
    // each language is a file of its own, only the languages that differ.
    changes() {
      const now = this.values();
      const body = {};
      for (const k of Object.keys(now)) {
        if (sameIn(k, now[k], this.base[k])) {
          continue;
        }
        if (this.perFile() && isObject(now[k]) && isObject(this.base[k])) {
          const part = {};
          for (const l of Object.keys(now[k])) {
            if (!sameIn(k, now[k][l], this.base[k][l])) {
              part[l] = now[k][l];
            }
          }
          body[k] = part;
        } else {
          body[k] = now[k];
        }
      }
      return { now, body };
    }

    // unchanged reports whether the file's value of the field k, current,
    // is still what the form started from, in what the body sent.
    unchanged(k, current, sent) {
      if (isObject(sent) && isObject(current) && isObject(this.base[k])) {
        return Object.keys(sent).every((l) => sameIn(k, current[l], this.base[k][l]));
      }
      return sameIn(k, current, this.base[k]);
    }

    dirty() {
      return Object.keys(this.changes().body).length > 0;
    }

    say(msg) {
      this.statusEl.textContent = msg;
    }

    control(field, lang) {
      let id = "f-" + this.id + "-" + field;
      if (lang) {
        id += "-" + lang;
      }
      let c = document.getElementById(id);
      if (!c) {
        // A problem of a field given per language, about the whole of it.
        c = this.controls().find((x) => x.dataset.field === field) || null;
      }
      return c;
    }

    clearProblems() {
      for (const p of this.form.querySelectorAll(".problem")) {
        p.textContent = "";
        p.hidden = true;
      }
      for (const c of this.controls()) {
        c.removeAttribute("aria-invalid");
      }
    }

    // showProblems puts each problem beside its field, or at the end of
    // the form, and returns the first control with an error.
    showProblems(problems) {
      this.clearProblems();
      let first = null;
      for (const p of problems || []) {
        const c = p.field ? this.control(p.field, p.lang) : null;
        const box = c ? document.getElementById(c.id + "-problem") : this.generalEl;
        box.appendChild(el("span", problemText(p)));
        box.hidden = false;
        if (c && p.severity === "error") {
          c.setAttribute("aria-invalid", "true");
          if (!first) {
            first = c;
          }
        }
      }
      return first;
    }

    busy(on) {
      this.saving = on;
      this.button.disabled = on;
    }

    async save(retried) {
      const { now, body } = this.changes();
      if (Object.keys(body).length === 0) {
        this.say("Nothing to save: no change since the file was read.");
        announce("Nothing to save in " + this.name + ".");
        return;
      }
      this.busy(true);
      this.say("Saving…");
      const r = await api("PUT", this.target, body, this.version);
      this.busy(false);
      switch (r.status) {
        case 200:
          return this.saved(r.data, now, body);
        case 409:
          return this.conflicted(r.data, body, retried);
        case 422:
          return this.refused(r.data);
        default:
          this.say("Not saved: " + r.data.error);
          announce("Not saved: " + r.data.error + " Your text is still in the form.");
      }
    }

    saved(d, sent, body) {
      for (const k of Object.keys(body)) {
        if (isObject(body[k]) && isObject(this.base[k])) {
          for (const l of Object.keys(body[k])) {
            this.base[k][l] = sent[k][l];
          }
        } else {
          this.base[k] = sent[k];
        }
      }
      const before = this.version;
      if (this.perFile() && isObject(d.version)) {
        // Only the files sent are taken as read at their new versions: a
        // file of another language changed meanwhile is still to refresh.
        this.version = Object.assign({}, this.version);
        for (const v of Object.values(body)) {
          for (const l of Object.keys(isObject(v) ? v : {})) {
            this.version[l] = d.version[l];
          }
        }
      } else {
        this.version = d.version;
      }
      // The other parts of the same file read it as it was before this
      // save, which changed nothing of theirs.
      for (const p of parts) {
        if (p !== this && p.file === this.file && same(p.version, before)) {
          p.version = d.version;
        }
      }
      this.hideConflict();
      this.showProblems(d.problems);
      this.say("Saved at " + clock() + ".");
      announce("Saved " + this.name + ".");
    }

    refused(d) {
      const first = this.showProblems((d.problems || []).concat(d.elsewhere || []));
      const n = (d.problems || []).filter((p) => p.blocking).length + (d.elsewhere || []).length;
      const msg = "Not saved: " + (n === 1 ? "1 problem" : n + " problems") + ", shown beside the fields. The file is as it was.";
      this.say(msg);
      announce(msg);
      if (first) {
        first.focus();
      }
    }

    // conflicted answers a save refused because the file changed since the
    // form read it. When the file's text of every field sent is still what
    // the form started from, the change was elsewhere: the save is made
    // again on the new version. Otherwise both texts are shown.
    conflicted(d, body, retried) {
      if (d.current && !retried && Object.keys(body).every((k) => this.unchanged(k, d.current[k], body[k]))) {
        this.version = d.version;
        return this.save(true);
      }
      this.showConflict(d, body);
    }

    showConflict(d, body) {
      const box = this.conflictEl;
      box.textContent = "";
      box.appendChild(el("p", "Not saved: the file changed since you started.", "conflict-title"));
      if (!d.current) {
        box.appendChild(el("p", "This part is no longer in the file as it was: it may have been renumbered or removed. Your text is still in the form: copy it, then reload the page."));
      } else {
        box.appendChild(el("p", "Your text is kept in the form. What the file says now:"));
        for (const k of Object.keys(body)) {
          if (this.unchanged(k, d.current[k], body[k])) {
            continue;
          }
          const label = this.form.querySelector("[data-field=\"" + k + "\"] label, [data-field=\"" + k + "\"] legend");
          box.appendChild(el("p", label ? label.textContent : k));
          let v = d.current[k];
          if (isObject(v) && isObject(body[k]) && this.perFile()) {
            // Only the languages whose files changed.
            v = Object.fromEntries(Object.entries(v).filter(([l]) => l in body[k] && !sameIn(k, v[l], this.base[k][l])));
          }
          const text = typeof v === "string" ? v : Array.isArray(v) ? v.join("\n") : Object.entries(v || {}).map(([l, t]) => l + ":\n" + t).join("\n\n");
          box.appendChild(el("pre", text));
        }
        const mine = el("button", "Save my text over the file's");
        mine.type = "button";
        mine.addEventListener("click", () => {
          this.base = this.fromServer(d.current);
          this.version = d.version;
          this.save(true);
        });
        const theirs = el("button", "Take the file's text");
        theirs.type = "button";
        theirs.className = "secondary";
        theirs.addEventListener("click", () => {
          if (this.perFile()) {
            this.take(d, body);
          } else {
            this.fill(d.current);
            this.version = d.version;
          }
          this.hideConflict();
          this.say("The file's text is in the form.");
          announce("The file's text is in the form of " + this.name + ".");
          this.schedulePreview();
        });
        const actions = el("div", undefined, "actions");
        actions.append(mine, theirs);
        box.appendChild(actions);
      }
      box.hidden = false;
      this.say("Not saved: the file changed.");
      announce("Not saved: " + this.name + " changed in the file since you started. Your text is kept; the file's text is shown beside it.");
      box.focus();
    }

    hideConflict() {
      this.conflictEl.hidden = true;
      this.conflictEl.textContent = "";
    }

    // fromServer reads values of the API as the form holds them.
    fromServer(values) {
      const out = {};
      for (const k of Object.keys(values || {})) {
        const v = values[k];
        out[k] = Array.isArray(v) ? v.filter((e) => typeof e === "string") : v;
      }
      return out;
    }

    // take puts in the form the text of each file that changed behind it,
    // for a part whose languages are files of their own, and takes those
    // files as read; what was typed for the other languages stays typed.
    take(d, body) {
      for (const k of Object.keys(body)) {
        const cur = d.current[k];
        if (!isObject(body[k]) || !isObject(cur)) {
          continue;
        }
        for (const l of Object.keys(body[k])) {
          if (sameIn(k, cur[l], this.base[k][l])) {
            continue;
          }
          const c = this.control(k, l);
          if (c) {
            c.value = cur[l];
          }
          this.base[k][l] = cur[l];
          this.version[l] = d.version[l];
        }
      }
    }

    // fill puts the file's values in the form, and takes them as read.
    fill(values) {
      for (const c of this.controls()) {
        const v = values[c.dataset.field];
        if (v === undefined || v === null) {
          continue;
        }
        if (c.dataset.list === "lines") {
          c.value = v.filter((e) => typeof e === "string").join("\n");
        } else if (c.dataset.lang) {
          c.value = typeof v === "object" ? v[c.dataset.lang] || "" : v;
        } else if (typeof v === "string") {
          c.value = v;
        }
      }
      this.base = this.values();
    }

    // refresh takes the file's new state (GET /_s55/api/items): a form
    // holding no change of its own shows it; one holding changes keeps
    // them, and says that the file changed.
    refresh(d) {
      let mine = null;
      if (this.target === "letter") {
        mine = d.letter ? { version: d.letter.version, values: { body: d.letter.body }, problems: d.letter.problems } : null;
      } else if (this.target.startsWith("items/")) {
        const it = (d.items || []).find((x) => x.id === this.id);
        const who = document.getElementById("edit-" + this.id + "-who");
        if (it && who && it.who) {
          who.textContent = it.who;
        }
        if (it) {
          const values = {};
          for (const k of ["text", "response", "office_response", "comment", "position", "position_reason", "status", "addressees", "deadline"]) {
            values[k] = it[k];
          }
          mine = { version: it.version, values, problems: it.problems };
        }
      } else if (this.target.startsWith("appendices/")) {
        const a = (d.appendices || []).find((x) => x.id === this.id);
        if (a) {
          mine = { version: a.version, values: { title: a.title, introduction: a.introduction }, problems: a.problems };
        }
      }
      if (!mine || same(mine.version, this.version) || this.saving) {
        return;
      }
      if (this.perFile() && isObject(mine.version)) {
        return this.refreshFiles(mine);
      }
      if (this.dirty()) {
        this.say("This part changed in the file since you started; saving will show both texts.");
        return;
      }
      this.fill(mine.values);
      this.version = mine.version;
      this.showProblems(mine.problems);
    }

    // refreshFiles takes the new state of a part whose languages are files
    // of their own, file by file: a language with nothing typed shows its
    // file's new text; one holding typed text keeps it.
    refreshFiles(mine) {
      const now = this.values();
      let held = false;
      for (const [l, v] of Object.entries(mine.version)) {
        if (this.version[l] === v) {
          continue;
        }
        for (const k of Object.keys(mine.values)) {
          const cur = mine.values[k];
          if (!isObject(cur) || !isObject(this.base[k])) {
            continue;
          }
          if (!sameIn(k, now[k][l], this.base[k][l])) {
            held = true;
            continue;
          }
          const c = this.control(k, l);
          if (c) {
            c.value = cur[l];
          }
          this.base[k][l] = cur[l];
          this.version[l] = v;
        }
      }
      if (held) {
        this.say("This part changed in the file since you started; saving will show both texts.");
      } else {
        this.showProblems(mine.problems);
      }
    }

    // follow scrolls the published response beside to this part.
    follow() {
      if (!bigPreview || this.id.startsWith("item-")) {
        return;
      }
      try {
        const loc = bigPreview.contentWindow.location;
        if (loc.hash !== "#" + this.id) {
          loc.replace(loc.pathname + "#" + this.id);
        }
      } catch (e) {
        // The frame shows another origin's page, or none yet.
      }
    }

    schedulePreview() {
      if (!this.frame) {
        return;
      }
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.preview(), 250);
    }

    // preview renders the form's text as it will print, and shows its
    // problems beside the fields as they are typed.
    async preview() {
      const seq = ++this.previews;
      let { now, body } = this.changes();
      if (Object.keys(body).length === 0) {
        const k = Object.keys(now).find((x) => ["response", "introduction", "body", "text"].includes(x));
        if (!k) {
          return;
        }
        body = { [k]: now[k] };
      }
      const r = await api("POST", "preview/" + this.target, body);
      if (seq !== this.previews || r.status !== 200) {
        return; // a later preview is on its way, or this one failed
      }
      this.frame.srcdoc = r.data.html;
      this.previewEl.hidden = false;
      this.showProblems(r.data.problems);
    }

    fitFrame() {
      try {
        const h = this.frame.contentDocument.documentElement.scrollHeight;
        this.frame.style.height = Math.min(Math.max(h + 8, 64), 640) + "px";
      } catch (e) {
        // Not readable: it keeps its height.
      }
    }
  }

  // The page for a new response.
  const newForm = document.getElementById("edit-new");
  if (newForm) {
    const status = document.getElementById("edit-new-status");
    const general = document.getElementById("edit-new-problems");
    const result = document.getElementById("new-result");
    const resultBody = document.getElementById("new-result-body");
    newForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = {};
      for (const c of newForm.querySelectorAll("[data-field]")) {
        body[c.dataset.field] = c.value;
      }
      for (const p of newForm.querySelectorAll(".problem")) {
        p.textContent = "";
        p.hidden = true;
      }
      for (const c of newForm.querySelectorAll("[aria-invalid]")) {
        c.removeAttribute("aria-invalid");
      }
      status.textContent = "Making the response…";
      const r = await api("POST", "new", body);
      if (r.status !== 201) {
        let first = null;
        for (const p of r.data.problems || []) {
          const c = p.field ? document.getElementById("f-new-" + p.field) : null;
          const box = c ? document.getElementById(c.id + "-problem") : general;
          box.appendChild(el("span", p.field ? p.message : p.text));
          box.hidden = false;
          if (c) {
            c.setAttribute("aria-invalid", "true");
            first = first || c;
          }
        }
        if (!(r.data.problems || []).length) {
          general.appendChild(el("span", r.data.error));
          general.hidden = false;
        }
        const msg = r.data.error.charAt(0).toUpperCase() + r.data.error.slice(1);
        status.textContent = msg;
        announce(msg);
        if (first) {
          first.focus();
        }
        return;
      }
      const d = r.data;
      resultBody.textContent = "";
      resultBody.appendChild(el("p", d.folder + ": " + d.summary + " found; the last day for publication is " + d.last_day + "."));
      if (d.found.length) {
        const list = el("ol");
        for (const f of d.found) {
          const t = f.text.length > 160 ? f.text.slice(0, 160) + "…" : f.text;
          list.appendChild(el("li", f.kind.replace(/-/g, " ") + " " + f.number + (f.deadline ? " (" + f.deadline + ")" : "") + ": " + t));
        }
        resultBody.appendChild(list);
      }
      resultBody.appendChild(el("p", d.errors === 0 ? "It passes s55 check." :
        "s55 check finds " + d.errors + (d.errors === 1 ? " problem" : " problems") + ", the responses still to write among them:"));
      if (d.check.length) {
        const list = el("ul");
        for (const c of d.check) {
          list.appendChild(el("li")).appendChild(el("code", c));
        }
        resultBody.appendChild(list);
      }
      resultBody.appendChild(el("p", "To write its responses in the browser, stop this preview (Ctrl+C) and run:"));
      resultBody.appendChild(el("pre")).appendChild(el("code", d.commands.join("\n")));
      result.hidden = false;
      status.textContent = "Made " + d.folder + ".";
      announce("Made the response " + d.folder + ": " + d.summary + ".");
      result.focus();
    });
    return;
  }

  for (const form of document.querySelectorAll("form.s55-form")) {
    parts.push(new Part(form));
  }

  // Ctrl+S (Cmd+S) saves the part that holds the focus.
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
      const p = parts.find((x) => x.form.contains(document.activeElement));
      if (p) {
        e.preventDefault();
        p.save();
      }
    }
  });

  // After each change of the preview (a save here or in a text editor),
  // the forms take the file's new state.
  let gen = null;
  const refresh = async () => {
    let d;
    try {
      const res = await fetch("/_s55/api/items", { cache: "no-store" });
      if (!res.ok) {
        return;
      }
      d = await res.json();
    } catch (e) {
      return;
    }
    for (const p of parts) {
      p.refresh(d);
    }
  };
  const events = new EventSource("/_s55/events");
  events.onmessage = (e) => {
    const s = JSON.parse(e.data);
    if (gen !== null && s.gen !== gen) {
      refresh();
    }
    gen = s.gen;
  };
})();
