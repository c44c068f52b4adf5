/**
 * The printable page's only stylesheet, inline so that the page is one file: A4 with margins a court clerk expects,
 * serif body text, tables that keep a row on one page, and no colour that a black-and-white printer would lose.
 */
export const FOLLOW_UP_STYLE = `
@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
html { font: 10.5pt/1.45 "Liberation Serif", "Times New Roman", Georgia, serif; color: #000; background: #fff; }
body { margin: 0; }
main { max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
@media print { main { padding: 0; max-width: none; } }
h1 { font-size: 17pt; margin: 0 0 3mm; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; break-after: avoid; }
.kicker { font-variant: small-caps; letter-spacing: .04em; margin: 0 0 1mm; }
.facts { display: grid; grid-template-columns: repeat(2, 1fr); gap: 1mm 8mm; margin: 0 0 4mm; }
.facts div { display: flex; gap: 2mm; }
.facts dt { font-weight: bold; min-width: 30mm; }
.facts dd { margin: 0; }
.method { font-size: 9.5pt; }
.asked { font-style: italic; margin: 0 0 1.5mm; }
.status { font-weight: bold; }
.none { font-style: italic; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; font-size: 9.5pt; }
caption { text-align: left; font-style: italic; padding-bottom: 1mm; }
th, td { border: 0.3mm solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
thead th { background: #eee; }
tr { break-inside: avoid; }
td.date { width: 24%; }
td.src { white-space: nowrap; width: 1%; }
a.cite { color: inherit; text-decoration: none; font-size: 8.5pt; vertical-align: super; line-height: 0; }
.notes ol { padding-left: 7mm; font-size: 9.5pt; }
.notes li { margin-bottom: 1mm; }
.url { word-break: break-all; color: inherit; }
footer { margin-top: 8mm; font-size: 8.5pt; border-top: 0.3mm solid #000; padding-top: 2mm; }
code { font-size: 8.5pt; word-break: break-all; }
`;
