// Resumable uploads with a progress bar per file, for forms marked data-start (the API address that
// opens an upload). Files go in 4 MB chunks; an interrupted upload resumes from what the server has
// (the upload id is kept in localStorage per file). Without script the form posts normally.
(function () {
  var CHUNK = 4 * 1024 * 1024;

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
      var state = await fetch(base + "/uploads/" + id, { headers: INTENT });
      if (state.ok) received = (await state.json()).received; else id = null;
    }
    if (!id) {
      var start = await fetch(form.dataset.start, {
        method: "POST", headers: Object.assign({ "Content-Type": "application/json" }, INTENT),
        body: JSON.stringify(Object.assign({ fileName: file.name, size: file.size }, fields))
      });
      if (!start.ok) throw new Error(await message(start));
      id = (await start.json()).id;
      localStorage.setItem(key, id);
    }
    while (received < file.size) {
      var put = await fetch(base + "/uploads/" + id + "?offset=" + received, { method: "PUT", headers: INTENT, body: file.slice(received, received + CHUNK) });
      if (!put.ok && put.status !== 409) throw new Error(await message(put));
      received = (await put.json()).received;
      bar.value = received;
      label.textContent = Math.floor(received * 100 / file.size) + "%";
    }
    var done = await fetch(base + "/uploads/" + id + "/complete", { method: "POST", headers: INTENT });
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
