// Long text in an admin list cell: clamped to three lines (lists.css), the whole of it on hover.
// Cells with form controls or several links are left as they are.
document.addEventListener("DOMContentLoaded", () => {
  for (const cell of document.querySelectorAll("#result_list td, #result_list th")) {
    const text = cell.innerText.trim();
    if (text.length < 80 || cell.querySelector("input, select, button, textarea, details")) continue;
    const clamp = document.createElement("div");
    clamp.className = "clamp";
    clamp.title = text;
    clamp.append(...cell.childNodes);
    cell.append(clamp);
  }
});
