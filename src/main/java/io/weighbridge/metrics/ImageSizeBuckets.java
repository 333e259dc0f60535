package io.weighbridge.metrics;

/** Histogram buckets of image sizes: powers of two from 16 MiB to 16 GiB, around the usual caps (1 GiB, 5 GiB). */
public final class ImageSizeBuckets {
    private ImageSizeBuckets() {}

    public static double[] bytes() {
        double[] buckets = new double[11];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = (16L << 20) * Math.pow(2, i);
        }
        return buckets;
    }
}
