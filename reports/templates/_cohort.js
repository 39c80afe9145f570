const filter = document.getElementById("filter");
const table = document.querySelector("table.sortable");
filter.hidden = false;
filter.querySelector("input").addEventListener("input", event => {
  const words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const row of table.tBodies[0].rows) {
    const text = row.textContent.toLowerCase();
    row.hidden = !words.every(word => text.includes(word));
    shown += !row.hidden;
  }
  document.getElementById("filter-count").textContent = `${shown} of ${table.tBodies[0].rows.length} shown`;
});
for (const th of table.tHead.rows[0].cells) {
  th.querySelector("button").addEventListener("click", () => {
    const body = table.tBodies[0], column = th.cellIndex;
    const direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    for (const other of th.parentNode.children) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    const key = row => row.cells[column].textContent;
    body.append(...[...body.rows].sort((a, b) => direction * key(a).localeCompare(key(b), undefined, {numeric: true})));
  });
}
