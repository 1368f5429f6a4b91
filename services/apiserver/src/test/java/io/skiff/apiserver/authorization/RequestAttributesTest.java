package io.skiff.apiserver.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.authentication.UserInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP requests as kube-apiserver's RequestInfoFactory turns them into authorizer attributes. */
class RequestAttributesTest {

    @ParameterizedTest(name = "{0} {1}?watch={2}&fieldSelector={3} → {4}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "GET    | /api/v1/namespaces/default/pods          | -     | -                    | list             | pods       | -      | default | -",
                "GET    | /api/v1/namespaces/default/pods          | true  | -                    | watch            | pods       | -      | default | -",
                "GET    | /api/v1/namespaces/default/pods          | false | -                    | list             | pods       | -      | default | -",
                "GET    | /api/v1/watch/namespaces/default/pods    | -     | -                    | watch            | pods       | -      | default | -",
                "GET    | /api/v1/namespaces/default/pods/web      | -     | -                    | get              | pods       | -      | default | web",
                "GET    | /api/v1/namespaces/default/pods/web/log  | -     | -                    | get              | pods       | log    | default | web",
                "GET    | /api/v1/namespaces/team/secrets          | 1     | metadata.name=tls    | watch            | secrets    | -      | team    | tls",
                "GET    | /api/v1/namespaces/team/secrets          | -     | metadata.name==tls   | list             | secrets    | -      | team    | tls",
                "GET    | /api/v1/namespaces/team/configmaps       | false | type=x,metadata.name=app | list         | configmaps | -      | team    | app",
                "GET    | /api/v1/namespaces/team/secrets          | true  | metadata.name!=tls   | watch            | secrets    | -      | team    | -",
                "GET    | /api/v1/namespaces/team/secrets          | true  | metadata.name=a%2Fb  | watch            | secrets    | -      | team    | -",
                "GET    | /api/v1/namespaces/team/secrets          | true  | metadata.name=..     | watch            | secrets    | -      | team    | -",
                "GET    | /api/v1/watch/namespaces/team/secrets    | -     | metadata.name=tls    | watch            | secrets    | -      | team    | -",
                "GET    | /api/v1/persistentvolumes                | true  | metadata.name=pv-1   | watch            | persistentvolumes | - | -      | pv-1",
                "DELETE | /api/v1/namespaces/team/secrets          | -     | metadata.name=tls    | deletecollection | secrets    | -      | team    | -",
                "HEAD   | /api/v1/nodes/n1                         | -     | -                    | get              | nodes      | -      | -       | n1",
                "POST   | /api/v1/namespaces/default/pods          | -     | -                    | create           | pods       | -      | default | -",
                "POST   | /api/v1/namespaces/default/pods/web/eviction | - | -                    | create           | pods       | eviction | default | web",
                "PUT    | /apis/apps/v1/namespaces/a/deployments/d/status | - | -                 | update           | deployments | status | a      | d",
                "PATCH  | /apis/apps/v1/namespaces/a/deployments/d/scale | - | -                  | patch            | deployments | scale | a       | d",
                "DELETE | /api/v1/namespaces/default/pods/web      | -     | -                    | delete           | pods       | -      | default | web",
                "DELETE | /api/v1/namespaces/default/pods          | -     | -                    | deletecollection | pods       | -      | default | -",
                "GET    | /api/v1/namespaces/a/pods/web/proxy/x/y  | -     | -                    | get              | pods       | proxy  | a       | web",
                "GET    | /api/v1/namespaces                       | -     | -                    | list             | namespaces | -      | -       | -",
                "GET    | /api/v1/namespaces/team                  | -     | -                    | get              | namespaces | -      | team    | team",
                "PUT    | /api/v1/namespaces/team/finalize         | -     | -                    | update           | namespaces | finalize | team  | team",
            })
    void resourceRequests(
            String method,
            String path,
            String watch,
            String fieldSelector,
            String verb,
            String resource,
            String subresource,
            String namespace,
            String name) {
        RequestAttributes attributes = RequestAttributes.of(UserInfo.ANONYMOUS, method, path, watch, fieldSelector);

        assertThat(attributes.resourceRequest()).isTrue();
        assertThat(attributes.verb()).isEqualTo(verb);
        assertThat(attributes.resource()).isEqualTo(resource);
        assertThat(attributes.subresource()).isEqualTo(subresource == null ? "" : subresource);
        assertThat(attributes.namespace()).isEqualTo(namespace == null ? "" : namespace);
        assertThat(attributes.name()).isEqualTo(name == null ? "" : name);
    }

    @ParameterizedTest(name = "{0} {1} → non-resource {2}")
    @CsvSource({
        "GET, /version, get",
        "GET, /api, get",
        "GET, /api/v1, get",
        "GET, /apis/apps/v1, get",
        "POST, /foo, post"
    })
    void nonResourceRequests(String method, String path, String verb) {
        RequestAttributes attributes = RequestAttributes.of(UserInfo.ANONYMOUS, method, path, null, null);

        assertThat(attributes.resourceRequest()).isFalse();
        assertThat(attributes.verb()).isEqualTo(verb);
        assertThat(attributes.path()).isEqualTo(path);
    }
}
