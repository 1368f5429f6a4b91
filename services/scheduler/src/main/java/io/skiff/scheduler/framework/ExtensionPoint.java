package io.skiff.scheduler.framework;

/** The framework's extension points, each with the interface a plugin implements to take part in it. */
public enum ExtensionPoint {
    PRE_ENQUEUE(PreEnqueue.class),
    PRE_FILTER(PreFilter.class),
    FILTER(Filter.class),
    POST_FILTER(PostFilter.class),
    PRE_SCORE(PreScore.class),
    SCORE(Score.class),
    RESERVE(Reserve.class),
    PERMIT(Permit.class),
    PRE_BIND(PreBind.class),
    BIND(Bind.class),
    POST_BIND(PostBind.class);

    private final Class<? extends Plugin> pluginType;

    ExtensionPoint(Class<? extends Plugin> pluginType) {
        this.pluginType = pluginType;
    }

    /** The interface a plugin implements for this extension point. */
    public Class<? extends Plugin> pluginType() {
        return pluginType;
    }

    /** Whether the plugin implements this extension point. */
    public boolean isImplementedBy(Plugin plugin) {
        return pluginType.isInstance(plugin);
    }
}
