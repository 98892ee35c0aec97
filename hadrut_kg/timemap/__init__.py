"""The time map: who controlled each place and what it lay in, on any day from 1923, per source — question 3's
own answers computed at build time (states), the areas drawn (areas), the page's data (data) and the page itself
(page, script.js). Imports queries, exports and vocabulary; nothing below imports it."""
