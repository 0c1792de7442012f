// Fires a confetti burst (bundled canvas-confetti) each time `fire` changes to a new positive value.
import { useEffect } from "react";
import confetti from "canvas-confetti";

export default function Confetti({ fire }) {
  useEffect(() => {
    if (fire > 0) confetti({ particleCount: 140, spread: 75, origin: { y: 0.7 }, disableForReducedMotion: true });
  }, [fire]);
  return null;
}
