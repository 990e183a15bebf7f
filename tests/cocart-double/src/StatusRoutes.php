<?php
/**
 * The WooCommerce status routes CoCart relies on (docs/cocart-api.md#counts-and-the-bulk-tool), in namespace wc/v3:
 *
 *   GET /wc/v3/system_status                      a (reduced) WooCommerce report with CoCart's "cocart" section,
 *                                                 counts as strings from wpdb
 *   GET /wc/v3/system_status/tools                the tools, CoCart's among them
 *   GET /wc/v3/system_status/tools/<id>           one tool
 *   PUT /wc/v3/system_status/tools/<id>           run it; cocart_cleanup_carts = one DELETE … WHERE cart_expiry < now
 *
 * Permissions: manage_woocommerce (wc_rest_check_manager_permissions( 'system_status', … )); running a tool is a
 * PUT, so WooCommerce's key check already refuses a read-only key (401, WcAuth).
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class StatusRoutes {

	public const NS = 'wc/v3';

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	public function register_routes(): void {
		register_rest_route(
			self::NS,
			'/system_status',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_system_status' ),
				'permission_callback' => array( $this, 'can_view' ),
			)
		);
		register_rest_route(
			self::NS,
			'/system_status/tools',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_tools' ),
				'permission_callback' => array( $this, 'can_view' ),
			)
		);
		register_rest_route(
			self::NS,
			'/system_status/tools/(?P<id>[\w-]+)',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_tool' ),
					'permission_callback' => array( $this, 'can_view' ),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'run_tool' ),
					'permission_callback' => array( $this, 'can_update' ),
				),
			)
		);
	}

	private static function can( string $context ): bool {
		return (bool) apply_filters(
			'woocommerce_rest_check_permissions',
			current_user_can( 'manage_woocommerce' ),
			$context,
			0,
			'system_status'
		);
	}

	/**
	 * @return true|WP_Error
	 */
	public function can_view() {
		return self::can( 'read' ) ? true : new WP_Error(
			'woocommerce_rest_cannot_view',
			'Sorry, you cannot list resources.',
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * @return true|WP_Error
	 */
	public function can_update() {
		return self::can( 'edit' ) ? true : new WP_Error(
			'woocommerce_rest_cannot_update',
			'Sorry, you cannot update resource.',
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * CoCart_Admin_WC_System_Status counts (4.2+): strings, as wpdb returns them.
	 *
	 * @return array<string,mixed>
	 */
	public static function cocart_section(): array {
		global $wpdb;
		$table   = Schema::carts_table();
		$now     = time();
		$count   = static function ( string $where, ...$args ) use ( $wpdb, $table ): string {
			$sql = "SELECT COUNT(cart_id) FROM {$table}" . ( '' === $where ? '' : " WHERE {$where}" );
			// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			return (string) $wpdb->get_var( $args ? $wpdb->prepare( $sql, ...$args ) : $sql );
		};
		$installed = (int) get_option( 'cocart_install_date', $now );
		return array(
			'cocart_version'        => Control::version(),
			'cocart_db_version'     => Control::version(), // Bug in the real one: the plugin version again.
			'days_active'           => (int) floor( max( 0, $now - $installed ) / DAY_IN_SECONDS ),
			'carts_in_session'      => $count( '' ),
			'count_carts_active'    => $count( 'cart_expiry > %d', $now ),
			'count_carts_expiring'  => $count(
				'cart_expiry > %d AND cart_expiry < %d',
				$now,
				$now + 6 * HOUR_IN_SECONDS
			),
			'carts_source_headless' => $count( 'cart_source = %s', 'cocart' ),
			'carts_source_web'      => $count( 'cart_source = %s', 'woocommerce' ),
			'carts_source_other'    => $count( 'cart_source NOT IN (%s, %s)', 'cocart', 'woocommerce' ),
		);
	}

	public function get_system_status(): WP_REST_Response {
		global $wpdb;
		$data = array(
			'environment'      => array(
				'home_url'            => home_url(),
				'site_url'            => site_url(),
				'version'             => '9.4.3',
				'wp_version'          => get_bloginfo( 'version' ),
				'wp_multisite'        => is_multisite(),
				'wp_memory_limit'     => wp_convert_hr_to_bytes( WP_MEMORY_LIMIT ),
				'wp_debug_mode'       => defined( 'WP_DEBUG' ) && WP_DEBUG,
				'language'            => get_locale(),
				'server_info'         => isset( $_SERVER['SERVER_SOFTWARE'] ) ? sanitize_text_field(
					wp_unslash( (string) $_SERVER['SERVER_SOFTWARE'] )
				) : '',
				'php_version'         => PHP_VERSION,
				'php_post_max_size'   => wp_convert_hr_to_bytes( (string) ini_get( 'post_max_size' ) ),
				'php_max_execution_time' => (int) ini_get( 'max_execution_time' ),
				'mysql_version'       => $wpdb->db_version(),
				'default_timezone'    => date_default_timezone_get(),
			),
			'database'         => array(
				'wc_database_version' => '9.4.3',
				'database_prefix'     => $wpdb->prefix,
			),
			'active_plugins'   => array(
				array( 'plugin' => 'woocommerce/woocommerce.php', 'name' => 'WooCommerce', 'version' => '9.4.3' ),
				array( 'plugin' => Plugin::REAL_COCART, 'name' => 'CoCart API', 'version' => Control::version() ),
			),
			'settings'         => array(
				'api_enabled'        => true,
				'currency'           => 'GBP',
				'currency_symbol'    => '&pound;',
				'currency_position'  => 'left',
				'thousand_separator' => ',',
				'decimal_separator'  => '.',
				'number_of_decimals' => (int) get_option( 'woocommerce_price_num_decimals', 2 ),
			),
			'security'         => array(
				'secure_connection' => is_ssl(),
				'hide_errors'       => ! (
					defined( 'WP_DEBUG' )
					&& defined( 'WP_DEBUG_DISPLAY' )
					&& WP_DEBUG
					&& WP_DEBUG_DISPLAY
				),
			),
			'pages'            => array(),
			'post_type_counts' => array(),
			'cocart'           => self::cocart_section(),
		);
		return rest_ensure_response( $data );
	}

	/**
	 * @return array<string,array<string,string>>
	 */
	private static function tools(): array {
		return array(
			'clear_transients'         => array(
				'name'   => 'WooCommerce transients',
				'button' => 'Clear transients',
				'desc'   => 'This tool will clear the product/shop transients cache.',
			),
			'clear_expired_transients' => array(
				'name'   => 'Expired transients',
				'button' => 'Clear transients',
				'desc'   => 'This tool will clear ALL expired transients from WordPress.',
			),
			'recount_terms'            => array(
				'name'   => 'Term counts',
				'button' => 'Recount terms',
				'desc'   => 'This tool will recount product terms - useful when changing your settings in a way ' .
					'which hides products from the catalog.',
			),
			'reset_roles'              => array(
				'name'   => 'Capabilities',
				'button' => 'Reset capabilities',
				'desc'   => 'This tool will reset the admin, customer and shop_manager roles to default. Use this if ' .
					'your users cannot access all of the WooCommerce admin pages.',
			),
			'cocart_clear_carts'       => array(
				'name'   => 'Clear cart sessions',
				'button' => 'Clear all',
				'desc'   => 'This tool will clear all carts in session and saved carts. Note: This will clear any ' .
					'cart in session stored in the database including the current one.',
			),
			'cocart_cleanup_carts'     => array(
				'name'   => 'Clear expired carts',
				'button' => 'Clear expired',
				'desc'   => 'This tool will clear all expired carts in session.',
			),
			'cocart_update_db'         => array(
				'name'   => 'Update CoCart Database',
				'button' => 'Update database',
				'desc'   => 'This tool will update your CoCart database to the latest version. Please ensure you ' .
					'make sufficient backups before proceeding.',
			),
			'cocart_verify_db_tables'  => array(
				'name'   => 'Verify CoCart base database tables',
				'button' => 'Verify database',
				'desc'   => 'Verify if all CoCart base database tables are present.',
			),
		);
	}

	/**
	 * @param array<string,string> $tool
	 * @return array<string,mixed>
	 */
	private static function tool_data( string $id, array $tool ): array {
		return array(
			'id'          => $id,
			'name'        => $tool['name'],
			'action'      => $tool['button'],
			'description' => $tool['desc'],
		);
	}

	private static function with_links( WP_REST_Response $response, string $id ): WP_REST_Response {
		$response->add_links(
			array(
				'item' => array(
					'href'       => rest_url( sprintf( '/%s/system_status/tools/%s', self::NS, $id ) ),
					'embeddable' => true,
				),
			)
		);
		return $response;
	}

	public function get_tools( WP_REST_Request $request ): WP_REST_Response {
		$server = rest_get_server();
		$data   = array();
		foreach ( self::tools() as $id => $tool ) {
			$data[] = $server->response_to_data(
				self::with_links( rest_ensure_response( self::tool_data( $id, $tool ) ), $id ),
				false
			);
		}
		return rest_ensure_response( $data );
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_tool( WP_REST_Request $request ) {
		$id    = (string) $request['id'];
		$tools = self::tools();
		if ( ! isset( $tools[ $id ] ) ) {
			return new WP_Error(
				'woocommerce_rest_system_status_tool_invalid_id',
				'Invalid tool ID.',
				array( 'status' => 404 )
			);
		}
		return self::with_links( rest_ensure_response( self::tool_data( $id, $tools[ $id ] ) ), $id );
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function run_tool( WP_REST_Request $request ) {
		global $wpdb;
		$id    = (string) $request['id'];
		$tools = self::tools();
		if ( ! isset( $tools[ $id ] ) ) {
			return new WP_Error(
				'woocommerce_rest_system_status_tool_invalid_id',
				'Invalid tool ID.',
				array( 'status' => 404 )
			);
		}
		$table = Schema::carts_table();
		switch ( $id ) {
			case 'cocart_cleanup_carts':
				// cocart_task_cleanup_carts(): one DELETE, then the cache group is invalidated.
				// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
				$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE cart_expiry < %d", time() ) );
				wp_cache_flush_group( 'cocart_cart_id' );
				$message = 'All expired carts have now been cleared from the database.';
				break;
			case 'cocart_clear_carts':
				$wpdb->query( "TRUNCATE {$table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
				$saved   = (int) $wpdb->query(
					$wpdb->prepare(
						"DELETE FROM {$wpdb->usermeta} WHERE meta_key = %s",
						'_woocommerce_persistent_cart_' . get_current_blog_id()
					)
				);
				$message = sprintf( 'All active carts have been cleared and %d saved carts.', $saved );
				break;
			case 'cocart_update_db':
				$message = 'Database upgrade routine has been scheduled to run in the background.';
				break;
			case 'cocart_verify_db_tables':
				Schema::install();
				$message = 'Database verified successfully.';
				break;
			default:
				$message = 'Tool ran.';
		}
		$data            = self::tool_data( $id, $tools[ $id ] );
		$data['success'] = true;
		$data['message'] = $message;
		return self::with_links( rest_ensure_response( $data ), $id );
	}
}
