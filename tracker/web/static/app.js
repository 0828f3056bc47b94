// Progressive enhancement only: every page works without this file.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("form.filters select, form.picker select")) {
    field.form.requestSubmit();
  }
});

// Times: the pages write them in UTC and say so; here they become the reader's own time
// zone, which only the browser knows. Without this script the UTC text stays.
(() => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === "UTC" || zone === "Etc/UTC") {
    return;
  }
  const numbers = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
  });
  const month = new Intl.DateTimeFormat("en-GB", { timeZone: zone, month: "short" });
  const named = new Intl.DateTimeFormat(undefined, { timeZone: zone, timeZoneName: "short" });
  const fields = { Y: "year", m: "month", d: "day", H: "hour", M: "minute", S: "second" };

  const zoneName = (date) => {
    const part = named.formatToParts(date).find((p) => p.type === "timeZoneName");
    return part ? part.value : zone;
  };
  // The server's strftime patterns (%Y %m %d %H %M %S %b), in the reader's zone.
  const format = (date, pattern, withZone) => {
    const parts = {};
    for (const p of numbers.formatToParts(date)) {
      parts[p.type] = p.value;
    }
    const text = pattern.replace(/%([YmdHMSb])/g, (_, code) =>
      code === "b" ? month.format(date) : parts[fields[code]]);
    return withZone ? `${text} ${zoneName(date)}` : text;
  };
  // Python writes microseconds; a Date takes milliseconds.
  const parse = (iso) => new Date(iso.replace(/(\.\d{3})\d+/, "$1"));

  for (const el of document.querySelectorAll("time[datetime][data-tz]")) {
    const date = parse(el.getAttribute("datetime"));
    if (Number.isNaN(date.getTime())) {
      continue;
    }
    const full = format(date, "%Y-%m-%d %H:%M:%S", true);
    if (el.dataset.tz === "text") {
      el.textContent = format(date, el.dataset.tzFormat || "%Y-%m-%d %H:%M:%S", true);
      el.title = `${el.getAttribute("datetime").slice(0, 19).replace("T", " ")} UTC`;
    } else {
      el.title = full;
    }
  }
  // Elements that cannot hold a <time>: options of a list, chart labels and tooltips.
  for (const el of document.querySelectorAll("[data-tz-time]")) {
    const date = parse(el.dataset.tzTime);
    if (Number.isNaN(date.getTime())) {
      continue;
    }
    const pattern = el.dataset.tzFormat || "%Y-%m-%d %H:%M";
    el.textContent = (el.dataset.tzLabel || "") + format(date, pattern, el.dataset.tzZone !== "no");
  }
  for (const el of document.querySelectorAll("[data-tz-name]")) {
    el.textContent = `in ${zone} time (${zoneName(new Date())})`;
  }
  const note = document.getElementById("time-zone");
  if (note) {
    note.textContent = `times in your time zone, ${zone}`;
  }
})();
