// The desk's pages: the forms use the desk's API (docs/serve.md). Every
// change carries the token the page was given; a save sends what changed.
"use strict";
(function () {
  const token = document.body.dataset.token;
  const api = "/_s55/api/";

  function call(method, path, body, headers) {
    const h = Object.assign({"X-S55-Token": token}, headers || {});
    const init = {method: method, headers: h};
    if (body !== undefined) {
      h["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (t) {
        let data = {};
        try { data = t ? JSON.parse(t) : {}; } catch (e) { data = {error: t}; }
        return {status: r.status, data: data};
      });
    });
  }

  function say(el, text) { el.textContent = text; }

  function clearProblems(form) {
    form.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
    form.querySelectorAll("[id$='-problems']").forEach(function (p) { p.textContent = ""; });
  }

  // place shows a problem beside its field's input, by the field's
  // label, and returns the input.
  function place(input, message) {
    const box = document.getElementById(input.id + "-problems");
    const p = document.createElement("p");
    p.className = "problem";
    p.textContent = input.dataset.label + ": " + message;
    box.appendChild(p);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", box.id);
    return input;
  }

  // The first page: start a new response.
  const nf = document.getElementById("new-response");
  if (nf) {
    nf.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearProblems(nf);
      const status = document.getElementById("new-status");
      const body = {};
      nf.querySelectorAll("input, textarea").forEach(function (i) { body[i.name] = i.value; });
      say(status, "Starting the response…");
      call("POST", api + "responses", body).then(function (r) {
        if (r.status === 201) {
          say(status, "Started: " + r.data.summary + ". Opening it…");
          window.location.href = r.data.page;
          return;
        }
        let first = null;
        (r.data.problems || []).forEach(function (p) {
          const input = document.getElementById("new-" + p.field);
          if (input) {
            input.dataset.label = nf.querySelector("label[for='" + input.id + "']").textContent;
            first = first || place(input, p.message);
          }
        });
        say(status, (r.data.error || "Not started") + ".");
        if (first) { first.focus(); }
      });
    });
  }

  // send posts a form's fields, showing each problem beside its field by
  // the field's label; done has the answer of a success.
  function send(form, path, body, statusEl, working, done) {
    clearProblems(form);
    say(statusEl, working);
    return call("POST", path, body).then(function (r) {
      if (r.status >= 200 && r.status < 300) {
        done(r);
        return;
      }
      let first = null;
      (r.data.problems || []).forEach(function (p) {
        const input = form.querySelector("[data-field='" + p.field + "']");
        if (input) { first = first || place(input, p.message); }
      });
      let msg = r.data.error || "Refused";
      (r.data.problems || []).forEach(function (p) {
        if (!p.field || !form.querySelector("[data-field='" + p.field + "']")) { msg += " " + p.message + "."; }
      });
      say(statusEl, msg.charAt(0).toUpperCase() + msg.slice(1));
      if (first) { first.focus(); }
    });
  }

  // watchWork shows, after statusEl, how far the desk's work has got
  // (GET /_s55/api/work) in a <progress> element whose label is read out,
  // until the promise settles. The page stays usable meanwhile.
  function watchWork(statusEl, promise) {
    const box = document.createElement("div");
    box.className = "work";
    const label = document.createElement("p");
    label.id = statusEl.id + "-work";
    label.setAttribute("aria-live", "polite");
    const bar = document.createElement("progress");
    bar.setAttribute("aria-labelledby", label.id);
    box.appendChild(label);
    box.appendChild(bar);
    statusEl.after(box);
    let live = true;
    function poll() {
      if (!live) { return; }
      call("GET", api + "work").then(function (r) {
        if (!live || r.status !== 200) { return; }
        if (r.data.total > 0) { bar.max = r.data.total; bar.value = r.data.done; }
        if (r.data.label) { label.textContent = r.data.label.charAt(0).toUpperCase() + r.data.label.slice(1); }
        setTimeout(poll, 250);
      });
    }
    poll();
    return Promise.resolve(promise).finally(function () { live = false; box.remove(); });
  }

  function fields(form) {
    const body = {};
    form.querySelectorAll("[data-field]").forEach(function (i) {
      if (i.value.trim() !== "") { body[i.dataset.field] = i.value; }
    });
    return body;
  }

  const pub = document.getElementById("publish-form");
  if (pub) {
    pub.addEventListener("submit", function (ev) {
      ev.preventDefault();
      const st = document.getElementById("publish-status");
      watchWork(st, send(pub, api + "publish", {}, st, "Publishing…", function (r) {
        say(st, r.data.up_to_date ? "The site in " + r.data.folder + " is up to date." :
          "Published into " + r.data.folder + ": " + r.data.revisions + " issued revisions, " + r.data.tracked + " tracked items.");
      }));
    });
  }

  document.querySelectorAll("form.track-form").forEach(function (tf) {
    tf.addEventListener("submit", function (ev) {
      ev.preventDefault();
      const item = tf.dataset.item;
      const st = document.getElementById(item + "-track-status");
      send(tf, api + "responses/" + encodeURIComponent(document.body.dataset.id) + "/items/" + encodeURIComponent(item) + "/track",
        fields(tf), st, "Recording…", function (r) {
          say(st, "Recorded: " + r.data.status + " on " + r.data.date + ".");
        });
    });
  });

  const rec = document.getElementById("record-form");
  if (rec) {
    rec.addEventListener("submit", function (ev) {
      ev.preventDefault();
      const st = document.getElementById("record-status");
      send(rec, api + "responses/" + encodeURIComponent(document.body.dataset.id) + "/record", fields(rec), st, "Recording…", function (r) {
        say(st, "Recorded for revision " + r.data.revision + ".");
      });
    });
  }

  const iss = document.getElementById("issue-form");
  if (iss) {
    const confirmBox = document.getElementById("issue-confirm");
    const st = document.getElementById("issue-status");
    iss.addEventListener("submit", function (ev) {
      ev.preventDefault();
      confirmBox.hidden = false;
      confirmBox.focus();
    });
    document.getElementById("issue-no").addEventListener("click", function () {
      confirmBox.hidden = true;
      say(st, "Not issued.");
    });
    document.getElementById("issue-yes").addEventListener("click", function () {
      confirmBox.hidden = true;
      const body = {};
      const reason = iss.querySelector("[data-field='reason']");
      if (reason) { body.reason = reason.value; }
      watchWork(st, send(iss, api + "responses/" + encodeURIComponent(document.body.dataset.id) + "/issue", body, st, "Issuing…", function (r) {
        say(st, "Issued revision " + r.data.revision + ". Reloading…");
        window.location.reload();
      }));
    });
  }

  // uploadWorkbook sends the file chosen in input to path.
  function uploadWorkbook(form, input, path, statusEl, done) {
    clearProblems(form);
    const file = input.files[0];
    if (!file) {
      place(input, "choose the workbook first").focus();
      say(statusEl, "Choose the workbook first.");
      return;
    }
    say(statusEl, "Reading the workbook…");
    return fetch(path, {method: "POST", headers: {"X-S55-Token": token, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, body: file})
      .then(function (r) { return r.json().then(function (data) { return {status: r.status, data: data}; }); })
      .then(function (r) {
        if (r.status === 200) { done(r); return; }
        (r.data.problems || []).forEach(function (p) { place(input, (p.cell ? p.cell + ": " : "") + p.message); });
        say(statusEl, r.data.error || "Refused.");
        input.focus();
      });
  }

  const mf = document.getElementById("merge-form");
  if (mf) {
    const input = document.getElementById("merge-file");
    const st = document.getElementById("merge-status");
    const path = api + "responses/" + encodeURIComponent(document.body.dataset.id) + "/merge";
    const show = function (r) {
      const list = document.getElementById("merge-plan");
      list.textContent = "";
      r.data.items.forEach(function (it) {
        const li = document.createElement("li");
        li.textContent = it.id + ": " + it.change + (it.fields && it.fields.length ? " (" + it.fields.join(", ") + ")" : "");
        list.appendChild(li);
      });
    };
    document.getElementById("merge-dry").addEventListener("click", function () {
      uploadWorkbook(mf, input, path + "?dry=1", st, function (r) {
        show(r);
        say(st, "Nothing written yet: " + r.data.added + " new, " + r.data.changed + " changed, " + r.data.unchanged + " as they were.");
      });
    });
    mf.addEventListener("submit", function (ev) {
      ev.preventDefault();
      watchWork(st, uploadWorkbook(mf, input, path, st, function (r) {
        show(r);
        say(st, r.data.written ? "Merged: " + r.data.changed + " changed, " + r.data.added + " new. Reload to see them." : "Nothing to merge: the answers are as they were.");
      }));
    });
  }

  const tff = document.getElementById("track-from-form");
  if (tff) {
    tff.addEventListener("submit", function (ev) {
      ev.preventDefault();
      const st = document.getElementById("track-from-status");
      uploadWorkbook(tff, document.getElementById("track-from-file"), api + "track-from", st, function (r) {
        say(st, "Recorded " + r.data.updates.length + " updates.");
      });
    });
  }

  // A response's page: one save for every field.
  const rf = document.getElementById("response-form");
  if (!rf) { return; }
  const id = document.body.dataset.id;
  const inputs = Array.from(rf.querySelectorAll("input, textarea, select")).filter(function (i) { return !i.readOnly; });
  const initial = new Map();
  inputs.forEach(function (i) { initial.set(i, i.value); });
  const changed = function (i) { return i.value !== initial.get(i); };
  const dirty = function () { return inputs.some(changed); };
  window.addEventListener("beforeunload", function (ev) {
    if (dirty()) { ev.preventDefault(); ev.returnValue = ""; }
  });
  const status = document.getElementById("save-status");

  function showProblems(r, inputsOf) {
    let first = null;
    (r.data.problems || []).forEach(function (p) {
      const input = inputsOf(p);
      if (input) { first = first || place(input, p.message); }
    });
    return first;
  }

  function saved(list) {
    list.forEach(function (i) { initial.set(i, i.value); });
  }

  function saveAll() {
    clearProblems(rf);
    const own = inputs.filter(function (i) { return !i.closest("fieldset.item") && changed(i); });
    const steps = [];
    if (own.length) {
      steps.push(function () {
        const body = {};
        own.forEach(function (i) { body[i.dataset.field] = i.value; });
        const tags = ["\"" + rf.dataset.version + "\""];
        if (rf.dataset.letterVersion) { tags.push("\"" + rf.dataset.letterVersion + "\""); }
        return call("PUT", api + "responses/" + encodeURIComponent(id), body, {"If-Match": tags.join(", ")}).then(function (r) {
          if (r.status !== 200) { return r; }
          if (typeof r.data.version === "string" && body.letter === undefined) { rf.dataset.version = r.data.version; }
          if (body.letter !== undefined && Object.keys(body).length === 1) { rf.dataset.letterVersion = r.data.version; }
          if (r.data.letter_version) { rf.dataset.letterVersion = r.data.letter_version; rf.dataset.version = r.data.version; }
          saved(own);
          return null;
        }).then(function (r) {
          if (!r) { return null; }
          r.first = showProblems(r, function (p) {
            return own.find(function (i) { return i.dataset.field === (p.field === "body" ? "letter" : p.field); }) || own[0];
          });
          return r;
        });
      });
    }
    rf.querySelectorAll("fieldset.item").forEach(function (fs) {
      const mine = Array.from(fs.querySelectorAll("input, textarea, select")).filter(function (i) { return !i.readOnly && changed(i); });
      if (!mine.length) { return; }
      steps.push(function () {
        const body = {};
        mine.forEach(function (i) {
          body[i.dataset.field] = i.dataset.list ? i.value.split("\n").map(function (l) { return l.trim(); }).filter(function (l) { return l !== ""; }) : i.value;
        });
        return call("PUT", api + "responses/" + encodeURIComponent(id) + "/items/" + encodeURIComponent(fs.dataset.item), body,
          {"If-Match": "\"" + rf.dataset.version + "\""}).then(function (r) {
          if (r.status !== 200) {
            r.first = showProblems(r, function (p) {
              return mine.find(function (i) { return i.dataset.field === p.field; }) || mine[0];
            });
            return r;
          }
          rf.dataset.version = r.data.version;
          saved(mine);
          return null;
        });
      });
    });
    if (!steps.length) {
      say(status, "Nothing to save: every field is as saved.");
      return Promise.resolve();
    }
    say(status, "Saving…");
    let chain = Promise.resolve(null);
    steps.forEach(function (step) {
      chain = chain.then(function (r) { return r ? r : step(); });
    });
    return chain.then(function (r) {
      if (r) {
        say(status, "Not saved: " + (r.data.error || "the change has problems") + ".");
        if (r.first) { r.first.focus(); }
        return;
      }
      return call("GET", api + "responses/" + encodeURIComponent(id)).then(function (g) {
        if (g.status === 200) {
          document.getElementById("progress").textContent = g.data.answered + " of " + g.data.total + " items answered";
        }
        say(status, "Saved.");
      });
    });
  }

  rf.addEventListener("submit", function (ev) { ev.preventDefault(); saveAll(); });
  rf.addEventListener("keydown", function (ev) {
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "s") { ev.preventDefault(); saveAll(); }
  });
})();
