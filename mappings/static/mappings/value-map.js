/* Value maps as rows: "Add a row" copies a blank row, "Remove" deletes one (at least one stays). */
"use strict";
document.addEventListener("click", (e) => {
  const table = e.target.closest && e.target.closest(".value-map");
  if (!table) return;
  const body = table.querySelector("tbody");
  if (e.target.matches(".value-map-add")) {
    const row = body.querySelector(".value-map-row").cloneNode(true);
    row.querySelectorAll("input").forEach((input) => { input.value = ""; });
    body.appendChild(row);
    row.querySelector("input").focus();
  } else if (e.target.matches(".value-map-remove")) {
    const row = e.target.closest(".value-map-row");
    if (body.querySelectorAll(".value-map-row").length > 1) row.remove();
    else row.querySelectorAll("input").forEach((input) => { input.value = ""; });
  }
});
