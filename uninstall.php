<?php
/**
 * Uninstall (Plugins → Delete): removes everything the plugin stored, on every site of a network —
 *  - every table in Storage\Schema::tables();
 *  - every option and transient whose name starts with cart_sessions_ (_transient_cart_sessions_…,
 *    _transient_timeout_cart_sessions_…, _site_transient_… too);
 *  - every scheduled event whose hook starts with cart_sessions_;
 *  - the cleanup exports folder in uploads.
 * Nothing on the store is touched: the carts are CoCart's.
 *
 * @package CartSessions
 */

declare(strict_types=1);

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

require_once __DIR__ . '/includes/autoload.php';

/**
 * Removes the plugin's data from the current site.
 */
function cart_sessions_uninstall_site(): void {
	global $wpdb;
	foreach ( \CartSessions\Storage\Schema::tables() as $cart_sessions_table ) {
		$wpdb->query( "DROP TABLE IF EXISTS `{$cart_sessions_table}`" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table names.
	}
	$cart_sessions_like = array( 'cart_sessions_', '_transient_cart_sessions_', '_transient_timeout_cart_sessions_', '_site_transient_cart_sessions_', '_site_transient_timeout_cart_sessions_' );
	foreach ( $cart_sessions_like as $cart_sessions_prefix ) {
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( $cart_sessions_prefix ) . '%' ) );
	}
	wp_cache_flush();
	\CartSessions\Cleanup\Schedule::unschedule_all();
	\CartSessions\Cleanup\Export::remove_all();
}

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $cart_sessions_site ) {
		switch_to_blog( (int) $cart_sessions_site );
		cart_sessions_uninstall_site();
		restore_current_blog();
	}
	global $wpdb;
	foreach ( array( 'cart_sessions_', '_site_transient_cart_sessions_', '_site_transient_timeout_cart_sessions_' ) as $cart_sessions_prefix ) {
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->sitemeta} WHERE meta_key LIKE %s", $wpdb->esc_like( $cart_sessions_prefix ) . '%' ) );
	}
} else {
	cart_sessions_uninstall_site();
}
