import type { MetadataRoute } from "next";

/**
 * The installable app (PWA): "Add to home screen" on a phone, and Docstream in the phone's
 * share sheet. A share sends the files as a multipart POST to `/share-target`
 * (`app/share-target/route.ts`), which hands them to the signed-in app to upload.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Docstream",
    short_name: "Docstream",
    description: "Drop documents in; get text, names, tags and summaries out, live.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#1f2937",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
    ],
    share_target: {
      action: "/share-target",
      method: "POST",
      enctype: "multipart/form-data",
      params: {
        title: "title",
        text: "text",
        files: [{ name: "file", accept: ["application/pdf", ".pdf", "image/*"] }],
      },
    },
  };
}
