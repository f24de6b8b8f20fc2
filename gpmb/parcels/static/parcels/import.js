/* Import progress: poll the job until it finishes, then reload to show the result. */
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var text = box.querySelector(".progress-text");
  var bar = box.querySelector("progress.bar");
  var stages = { read: "Đọc tệp", check: "Kiểm tra", write: "Ghi dữ liệu" };
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        if (job.finished) { window.location.reload(); return; }
        var percent = job.total ? Math.round(100 * job.done / job.total) : 0;
        bar.value = percent;
        text.textContent = (stages[job.stage] || "") + " " + job.done.toLocaleString("vi-VN") +
          "/" + job.total.toLocaleString("vi-VN");
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
