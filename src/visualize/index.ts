/** Feature visualisation (thesis 3.3, Fig 3). */
export { visualizeFeature, type VisualizeOptions, type FeatureVisualization } from "./feature";
