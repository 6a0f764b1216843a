/* Lookup-table pickers: fill an input's <datalist> from /admin/pickers/<source>/ as the admin types.
   Works for inline rows added later (delegated events; the datalist is made on first focus). */
"use strict";
(function () {
  const timers = new WeakMap();

  function status(input) {
    let note = document.querySelector(".picker-status[data-for='" + input.id + "']");
    if (!note) {
      note = document.createElement("div");
      note.className = "picker-status help";
      note.dataset.for = input.id;
      // under the field, before its help text (the admin lays label and input out in a flex row)
      (input.closest(".flex-container") || input).insertAdjacentElement("afterend", note);
    }
    return note;
  }

  function datalist(input) {
    const id = input.id + "-choices";
    let list = document.getElementById(id);
    if (!list) {
      list = document.createElement("datalist");
      list.id = id;
      input.insertAdjacentElement("afterend", list);
      input.setAttribute("list", id);
    }
    return list;
  }

  async function refresh(input) {
    const url = new URL(input.dataset.pickerUrl, window.location.origin);
    url.searchParams.set("q", input.value.trim());
    const depends = input.dataset.pickerDepends && document.getElementById(input.dataset.pickerDepends);
    if (depends && depends.value) url.searchParams.set(input.dataset.pickerParam, depends.value);
    const list = datalist(input);
    const note = status(input);
    try {
      const answer = await (await fetch(url, { credentials: "same-origin" })).json();
      list.replaceChildren(...answer.results.map((r) => {
        const option = document.createElement("option");
        option.value = r.id;
        option.label = r.text;
        option.textContent = r.text;
        return option;
      }));
      if (answer.problem) {
        note.textContent = "Not listed: " + answer.problem + ". You can type the value; it will be saved unchecked, with a warning.";
        note.classList.add("picker-problem");
      } else {
        note.textContent = answer.count + " " + input.dataset.pickerNoun + " listed" +
          (input.value.trim() ? ", " + answer.results.length + " match" : "") + ": pick one or type to narrow.";
        note.classList.remove("picker-problem");
      }
      input.dataset.pickerLoaded = "1";
    } catch (err) {
      note.textContent = "The list could not be loaded (" + err + "). You can still type the value.";
      note.classList.add("picker-problem");
    }
  }

  function later(input) {
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(() => refresh(input), 250));
  }

  document.addEventListener("focusin", (e) => {
    const input = e.target;
    if (input.matches && input.matches("input[data-picker-url]") && !input.dataset.pickerLoaded) refresh(input);
  });
  document.addEventListener("input", (e) => {
    if (e.target.matches && e.target.matches("input[data-picker-url]")) later(e.target);
  });
  document.addEventListener("change", (e) => {
    document.querySelectorAll("input[data-picker-depends='" + e.target.id + "']").forEach((input) => {
      delete input.dataset.pickerLoaded;
    });
  });
})();
