/**
 * {@link dev.specula.kernels.graph.KernelGraph}: a declared sequence of kernel launches with
 * arguments bound by name and device-resident intermediates, executed with one synchronisation.
 */
package dev.specula.kernels.graph;
