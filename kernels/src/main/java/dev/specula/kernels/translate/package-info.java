/**
 * The translation service: {@link dev.specula.kernels.translate.KernelTranslator} turns a
 * {@code com.aparapi.Kernel} subclass into OpenCL C with Aparapi's code generator (its runtime is
 * never used), once per class, and lists the generated kernel's parameters so that arguments are
 * bound by field name.
 */
package dev.specula.kernels.translate;
