// Marks the page as enhanced: CSS that needs JavaScript sits under html.js-enabled.
document.documentElement.classList.add("js-enabled");
