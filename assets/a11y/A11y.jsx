// Accessibility pieces the Radix Themes components lack: the app-wide stylesheet (focus ring, AA contrast) and a
// slider whose thumb (the element that takes focus and has role="slider") carries the accessible name.
import { useEffect, useRef } from "react";
import { Slider } from "@radix-ui/themes";
import "../a11y.css";

/** Renders nothing: importing this module puts a11y.css on every page that uses the shared layout. */
export function A11yStyles() {
  return null;
}

/** Radix Themes' Slider puts `aria-label` on its root, not on the thumb that screen readers announce. */
export default function LabelledSlider({ label, ...props }) {
  const root = useRef(null);
  useEffect(() => {
    root.current?.querySelectorAll('[role="slider"]').forEach((thumb) => thumb.setAttribute("aria-label", label));
  });
  return <Slider ref={root} {...props} />;
}
