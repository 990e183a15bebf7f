<?php
/**
 * Installs a bin/local-wp site without wp-cli, then activates plugins. Idempotent.
 *
 * Usage: php install.php <core dir> <url> <plugin file>...
 * Runs itself twice: once with WP_INSTALLING for wp_install(), once as a normal load to activate plugins
 * (activation needs a fully loaded WordPress). Variables are prefixed: wp-settings.php overwrites globals such
 * as $plugin and $file.
 */
$local_wp_args  = $argv;
$local_wp_core  = $local_wp_args[1];
$local_wp_url   = parse_url( $local_wp_args[2] );
$local_wp_phase = getenv( 'LOCAL_WP_PHASE' ) ?: 'install';
$_SERVER       += array(
	'HTTP_HOST'   => $local_wp_url['host'] . ':' . $local_wp_url['port'],
	'SERVER_NAME' => $local_wp_url['host'],
	'SERVER_PORT' => $local_wp_url['port'],
	'REQUEST_URI' => '/',
);

if ( 'install' === $local_wp_phase ) {
	define( 'WP_INSTALLING', true );
	require $local_wp_core . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	if ( ! is_blog_installed() ) {
		wp_install( 'Cart Sessions dev', 'admin', 'admin@example.com', false, '', 'password' );
		update_option( 'permalink_structure', '/%postname%/' );
		update_option( 'show_avatars', 0 ); // Gravatar is unreachable offline: no broken images, no console errors.
		echo "installed\n";
	}
	// Second phase in a fresh process.
	$local_wp_cmd = escapeshellarg( PHP_BINARY ) . ' ' . implode(
		' ',
		array_map( 'escapeshellarg', array_merge( array( __FILE__ ), array_slice( $local_wp_args, 1 ) ) )
	);
	passthru( 'LOCAL_WP_PHASE=activate ' . $local_wp_cmd, $local_wp_rc );
	exit( $local_wp_rc );
}

require $local_wp_core . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
wp_set_current_user( 1 );
foreach ( array_slice( $local_wp_args, 3 ) as $local_wp_plugin_file ) {
	if ( is_plugin_active( $local_wp_plugin_file ) ) {
		continue;
	}
	$local_wp_result = activate_plugin( $local_wp_plugin_file );
	if ( is_wp_error( $local_wp_result ) ) {
		fwrite( STDERR, $local_wp_plugin_file . ': ' . $local_wp_result->get_error_message() . "\n" );
		exit( 1 );
	}
	echo "activated $local_wp_plugin_file\n";
}
flush_rewrite_rules( true );
