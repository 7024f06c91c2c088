// The lab page's data: what the layout writes into <script id="kvlab-page" type="application/json">
// at build time (site/layouts/LabLayout.astro) and every island reads. One type for both sides.
export interface PageData {
  lab: string;
  slug: string;
  variant: string;
  base: string;
  params: Record<string, unknown>;
  tasks: { id: string; number: string; title: string; anchor: string }[];
  /** The terminal gateway's WebSocket address, when the site was built with KVLAB_GATEWAY. */
  gateway?: string;
}
