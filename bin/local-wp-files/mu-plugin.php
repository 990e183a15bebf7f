<?php
/**
 * Local development site only (bin/local-wp): there is no mail transport and no internet, so skip mail and the
 * update checks that would otherwise fail (and log warnings) on every admin page.
 */
add_filter( 'pre_wp_mail', '__return_true' );
foreach ( array( '_maybe_update_core', '_maybe_update_plugins', '_maybe_update_themes' ) as $local_wp_check ) {
	remove_action( 'admin_init', $local_wp_check );
}
remove_action( 'wp_version_check', 'wp_version_check' );
remove_action( 'load-plugins.php', 'wp_update_plugins' );
remove_action( 'load-update.php', 'wp_update_plugins' );
remove_action( 'load-update-core.php', 'wp_update_plugins' );
remove_action( 'load-themes.php', 'wp_update_themes' );
remove_action( 'load-update.php', 'wp_update_themes' );
remove_action( 'load-update-core.php', 'wp_update_themes' );
remove_action( 'wp_update_plugins', 'wp_update_plugins' );
remove_action( 'wp_update_themes', 'wp_update_themes' );

// The local HTTPS fronts (bin/local-wp's TLS proxy on 127.0.0.1) have a self-signed certificate and run on ports
// WordPress's safe HTTP API does not allow. A store calling back an admin site over HTTPS (WooCommerce's app
// authentication posts the new key with wp_safe_remote_post()) must trust that certificate, as a real store trusts
// a real one on port 443: bin/local-wp passes its path to every server as LOCAL_WP_TLS_CERT. Only https URLs on
// 127.0.0.1; PHPUnit's own process does not get the variable, so its tests still see an untrusted certificate.
$local_wp_tls_cert = getenv( 'LOCAL_WP_TLS_CERT' );
if ( is_string( $local_wp_tls_cert ) && is_file( $local_wp_tls_cert ) ) {
	$local_wp_is_tls_front = static function ( $url ): bool {
		$parts = wp_parse_url( (string) $url );
		return is_array( $parts ) && 'https' === ( $parts['scheme'] ?? '' ) && '127.0.0.1' === ( $parts['host'] ?? '' );
	};
	add_filter(
		'https_ssl_verify',
		static function ( $verify, $url = '' ) use ( $local_wp_is_tls_front, $local_wp_tls_cert ) {
			return $local_wp_is_tls_front( $url ) ? $local_wp_tls_cert : $verify;
		},
		10,
		2
	);
	add_filter(
		'http_allowed_safe_ports',
		static function ( $ports, $host = '', $url = '' ) use ( $local_wp_is_tls_front ) {
			$port = (int) wp_parse_url( (string) $url, PHP_URL_PORT );
			if ( $port > 0 && $local_wp_is_tls_front( $url ) ) {
				$ports   = (array) $ports;
				$ports[] = $port;
			}
			return $ports;
		},
		10,
		3
	);
}
