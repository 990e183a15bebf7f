<?php
/**
 * Tables and roles, created lazily (a db-version option checked on init), because the PHPUnit install only sets
 * active_plugins and never runs activation hooks. Real WooCommerce does the same (WC_Install::check_version).
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class Schema {

	public const DB_VERSION        = '1';
	public const DB_VERSION_OPTION = 'cocart_double_db_version';

	public static function carts_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'cocart_carts';
	}

	public static function keys_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'woocommerce_api_keys';
	}

	public static function maybe_install(): void {
		if ( self::DB_VERSION === get_option( self::DB_VERSION_OPTION ) ) {
			return;
		}
		self::install();
	}

	public static function install(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$collate = $wpdb->get_charset_collate();
		// CoCart_Install::get_schema(), 4.7.0 (DB version 4.3.23). dbDelta wants two spaces after PRIMARY KEY.
		dbDelta(
			'CREATE TABLE ' . self::carts_table() . " (
  cart_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  cart_key char(42) NOT NULL,
  cart_value longtext NOT NULL,
  cart_created bigint(20) unsigned NOT NULL,
  cart_expiry bigint(20) unsigned NOT NULL,
  cart_source varchar(200) NOT NULL,
  cart_hash varchar(200) NOT NULL,
  PRIMARY KEY  (cart_id),
  UNIQUE KEY cart_key (cart_key)
) $collate;"
		);
		// WC_Install::get_schema(): woocommerce_api_keys as WooCommerce has it.
		dbDelta(
			'CREATE TABLE ' . self::keys_table() . " (
  key_id bigint(20) unsigned NOT NULL auto_increment,
  user_id bigint(20) unsigned NOT NULL,
  description varchar(200) NULL,
  permissions varchar(10) NOT NULL,
  consumer_key char(64) NOT NULL,
  consumer_secret char(43) NOT NULL,
  nonces longtext NULL,
  truncated_key char(7) NOT NULL,
  last_access datetime NULL default null,
  PRIMARY KEY  (key_id),
  KEY consumer_key (consumer_key),
  KEY consumer_secret (consumer_secret)
) $collate;"
		);
		self::install_roles();
		add_option( 'cocart_install_date', time() );
		update_option( self::DB_VERSION_OPTION, self::DB_VERSION );
	}

	/**
	 * WooCommerce creates a shop_manager role and grants manage_woocommerce to administrators on install. The
	 * administrator grant can be switched off per site with the option cocart_double_grant_admin_cap = '0'
	 * (the PHPUnit site does, so the plugin's capability tests keep an administrator without it).
	 */
	private static function install_roles(): void {
		if ( ! get_role( 'shop_manager' ) ) {
			add_role(
				'shop_manager',
				'Shop manager',
				array(
					'read'                      => true,
					'manage_woocommerce'        => true,
					'view_woocommerce_reports'  => true,
					'edit_posts'                => true,
				)
			);
		}
		$admin = get_role( 'administrator' );
		if ( $admin && '0' !== (string) get_option( 'cocart_double_grant_admin_cap', '1' ) ) {
			$admin->add_cap( 'manage_woocommerce' );
			$admin->add_cap( 'view_woocommerce_reports' );
		}
	}
}
