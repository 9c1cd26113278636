/** The thesis' default target class (3.3): d = (d̃ + 5) mod 10. */
export function adversarialTarget(label: number, classes = 10): number {
  return (label + 5) % classes;
}
