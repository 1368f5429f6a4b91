package io.skiff.kubelet.image;

import java.util.List;

/** What the store keeps beside an unpacked layer's directory ({@code layers/<hex>.json}). */
record LayerMetadata(String diffId, boolean overlayWhiteouts, List<String> whiteouts, List<String> opaqueDirectories) {

    LayerMetadata {
        whiteouts = List.copyOf(whiteouts);
        opaqueDirectories = List.copyOf(opaqueDirectories);
    }
}
