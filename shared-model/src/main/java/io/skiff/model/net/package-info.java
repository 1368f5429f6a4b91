/** Network address types shared by the components that hand out and route cluster addresses. */
package io.skiff.model.net;
