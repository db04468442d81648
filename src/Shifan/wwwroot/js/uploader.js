// Resumable uploads with a progress bar per file, for forms marked data-start (the API address that
// opens an upload). Files go in 4 MB chunks; an interrupted upload resumes from what the server has
// (the upload id is kept in localStorage per file). A refused-for-now answer (429, 503) or a broken
// connection is retried with growing waits; a chunk that arrived in part is continued from what the
// server has (409 says where). Without script the form posts normally.
(function () {
  var CHUNK = 4 * 1024 * 1024;
  var RETRIES = 8;

  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  // fetch, retried on 429/503 and (when idempotent) on network errors: 1 s, 2 s, 4 s … up to 30 s,
  // or longer when the server says Retry-After.
  async function request(url, options, retryNetworkErrors) {
    options.headers = Object.assign({}, options.headers, INTENT);
    for (var attempt = 0; ; attempt++) {
      var response = null;
      try { response = await fetch(url, options); }
      catch (e) { if (!retryNetworkErrors || attempt >= RETRIES) throw new Error("网络连接中断，请稍后重试"); }
      if (response && (response.status !== 429 && response.status !== 503 || attempt >= RETRIES)) return response;
      var wait = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.75 + Math.random() / 2);
      var after = response ? parseInt(response.headers.get("Retry-After"), 10) : NaN;
      if (after > 0) wait = Math.max(wait, after * 1000);
      await sleep(wait);
    }
  }

  // Every call to /api from a page says so; the server refuses cookie calls without it (ADR-011).
  var INTENT = { "X-Shifan-Request": "1" };

  async function message(response) {
    try {
      var body = await response.json();
      if (body.errors) { for (var k in body.errors) return body.errors[k][0]; }
      return body.title || body.error || ("HTTP " + response.status);
    } catch (e) { return "HTTP " + response.status; }
  }

  async function send(form, file, fields, bar, label) {
    var base = form.dataset.base;
    var key = "shifan-upload:" + form.dataset.start + ":" + file.name + ":" + file.size + ":" + file.lastModified;
    var id = localStorage.getItem(key);
    var received = 0;
    if (id) {
      var state = await request(base + "/uploads/" + id, {}, true);
      if (state.ok) received = (await state.json()).received; else id = null;
    }
    if (!id) {
      // Not retried after a broken connection: a second start would only leave an unused upload behind.
      var start = await request(form.dataset.start, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(Object.assign({ fileName: file.name, size: file.size }, fields))
      }, false);
      if (!start.ok) throw new Error(await message(start));
      id = (await start.json()).id;
      localStorage.setItem(key, id);
    }
    while (received < file.size) {
      // A chunk at an explicit offset is safe to send again: the server refuses a wrong offset with 409 and its length.
      var put = await request(base + "/uploads/" + id + "?offset=" + received, { method: "PUT", body: file.slice(received, received + CHUNK) }, true);
      if (!put.ok && put.status !== 409) throw new Error(await message(put));
      received = (await put.json()).received;
      bar.value = received;
      label.textContent = Math.floor(received * 100 / file.size) + "%";
    }
    var done = await request(base + "/uploads/" + id + "/complete", { method: "POST" }, false);
    localStorage.removeItem(key);
    if (!done.ok) throw new Error(await message(done));
  }

  document.addEventListener("submit", async function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form[data-start]") || !window.fetch) return;
    e.preventDefault();
    var input = form.querySelector("input[type=file]");
    if (!input.files.length) return;
    var data = new FormData(form);
    var year = parseInt(data.get("year"), 10);
    var fields = {
      title: input.files.length === 1 ? (data.get("title") || null) : null, kind: data.get("kind") || null,
      year: isNaN(year) ? null : year, documentNo: data.get("documentNo") || null, sourceUrl: data.get("sourceUrl") || null
    };
    var list = form.querySelector(".progress-list");
    form.querySelector("button[type=submit]").disabled = true;
    var ok = 0, errors = [];
    for (var i = 0; i < input.files.length; i++) {
      var file = input.files[i];
      var row = document.createElement("div");
      row.className = "progress-row";
      var name = document.createElement("span"); name.textContent = file.name;
      var bar = document.createElement("progress"); bar.max = file.size; bar.value = 0;
      var label = document.createElement("span"); label.textContent = "0%";
      row.append(name, bar, label);
      list.append(row);
      try { await send(form, file, fields, bar, label); ok++; label.textContent = "完成"; }
      catch (err) { errors.push(file.name + "：" + err.message); label.textContent = "失败"; }
    }
    var back = form.dataset.back;
    location.href = back + (errors.length
      ? "?error=" + encodeURIComponent((ok ? "已上传" + ok + "个文件；" : "") + "未上传：" + errors.join("；"))
      : "?msg=" + encodeURIComponent("已上传" + ok + "个文件")) + "#evidence";
  });
})();
