// A chart drawn when its place comes near the screen, at its card's width, in a frame as tall as the chart
// will be: like Framework's resize(), but a chart the reader has not scrolled to costs nothing while the
// page loads, not even its modules. On a phone the overview's charts all lie below its ten headline cards;
// loading Plot and d3 and drawing every chart at once was most of the page's long tasks (Lighthouse's
// total blocking time, bench/RESULTS.md).
//
//   ${chartWhenSeen((width) => kpiTrend(periods, {width}), {height: 220})}
//   ${chartWhenSeen((width) => import("./components/trendChart.js").then((charts) => charts.kpiTrend(periods, {width})), {height: 220})}
//
// The frame keeps its height before the chart is drawn (nothing moves when it arrives) and follows the
// chart's own height after. A chart already drawn is drawn again when its width changes.
// docs/site.md#keeping-a-page-fast

/** How far below (or above) the screen a chart starts to be drawn, in px: it is ready by the time it is seen. */
export const AHEAD = 300;

/**
 * @param {(width: number) => Node | Promise<Node>} draw the chart at a width (Plot via chart.js, or any
 *   element), or a promise of it (the chart's module imported on the spot)
 * @param {{height: number}} options the chart's height, legend included, kept before it is drawn
 */
export function chartWhenSeen(draw, {height}) {
  const frame = document.createElement("div");
  frame.className = "chart-when-seen";
  frame.style.minHeight = `${height}px`;
  let width = 0;
  let seen = false;
  let drawnAt = 0; // the width the chart was drawn at
  let asked = 0; // the latest drawing; an older one that finishes later is dropped
  const render = async () => {
    if (!seen || !width || width === drawnAt || !frame.isConnected) return;
    drawnAt = width;
    const ask = ++asked;
    const chart = await draw(width);
    if (ask !== asked) return;
    frame.replaceChildren(chart);
    frame.dataset.drawn = "";
  };
  const sight = new IntersectionObserver((entries) => {
    if (!frame.isConnected) return sight.disconnect();
    if (entries.some((entry) => entry.isIntersecting)) {
      seen = true;
      sight.disconnect();
      render();
    }
  }, {rootMargin: `${AHEAD}px 0px`});
  const size = new ResizeObserver(([entry]) => {
    if (!frame.isConnected) return size.disconnect();
    width = Math.floor(entry.contentRect.width);
    render();
  });
  sight.observe(frame);
  size.observe(frame);
  return frame;
}
