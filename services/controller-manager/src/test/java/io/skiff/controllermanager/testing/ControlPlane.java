package io.skiff.controllermanager.testing;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real API server on its own embedded PostgreSQL database with the real controller manager
 * application against it, for one integration test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ControlPlane controlPlane = ControlPlane.withControllerManager();
 * }</pre>
 */
public final class ControlPlane implements BeforeAllCallback, AfterAllCallback {

    private final String[] controllerManagerArguments;
    private ApiServerInstance apiServer;
    private KubeHttp http;
    private ControllerManagerProcess controllerManager;

    private ControlPlane(String[] controllerManagerArguments) {
        this.controllerManagerArguments = controllerManagerArguments.clone();
    }

    /** With extra controller manager arguments, e.g. {@code --skiff.controllers.x.enabled=false}. */
    public static ControlPlane withControllerManager(String... arguments) {
        return new ControlPlane(arguments);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        controllerManager = ControllerManagerProcess.start(apiServer.baseUrl(), controllerManagerArguments);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (controllerManager != null) {
            controllerManager.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    public String baseUrl() {
        return apiServer.baseUrl();
    }

    public KubeHttp http() {
        return http;
    }
}
