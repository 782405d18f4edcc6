// Small DOM helpers shared by the theme's modules (imported, never loaded on its own).
// Text goes in as textContent, never as HTML, so data from JSON or an index cannot inject markup.

export function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

// A labelled <select> whose first choice, "Tất cả", means no filter.
export function labelledSelect({ id, label, name, values, fieldClass }) {
  const wrapper = element("div", { class: fieldClass });
  wrapper.append(element("label", { for: id }, label));
  const select = element("select", { id, name });
  select.append(element("option", { value: "" }, "Tất cả"));
  for (const value of values) select.append(element("option", { value: String(value) }, String(value)));
  wrapper.append(select);
  return { wrapper, select };
}
