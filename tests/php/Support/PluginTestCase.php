<?php
/**
 * The one root of the plugin's PHPUnit tests: REST dispatch in-process, users, filters for one test, and a fresh
 * object cache, REST server and anonymous user around each test. How a test's database writes are undone is the
 * subclass's choice: WpTestCase rolls back a transaction, HttpTestCase (whose writes the test server must see)
 * commits them and cleans up after itself.
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

abstract class PluginTestCase extends TestCase {

	/**
	 * Filters added by a test with add_test_filter(), removed after it.
	 *
	 * @var array<int,array{0:string,1:callable,2:int}>
	 */
	private $test_filters = array();

	/**
	 * Users created by make_user(), deleted after the test (when the rollback has not already removed them).
	 *
	 * @var int[]
	 */
	private $created_users = array();

	/**
	 * Whether this test class calls CoCart on this site in-process. The test site is its own store (the double), so
	 * without this every test of the HTTP client would go in-process; tests of the in-process transport set it.
	 *
	 * @var bool
	 */
	protected $in_process = false;

	/**
	 * Makes the database ready for one test (a transaction, or clean committed tables).
	 */
	abstract protected function start_isolation(): void;

	/**
	 * Undoes what the test wrote to the database.
	 */
	abstract protected function end_isolation(): void;

	protected function setUp(): void {
		parent::setUp();
		$this->start_isolation();
		wp_cache_flush();
		$GLOBALS['wp_rest_server'] = null;
		wp_set_current_user( 0 );
		if ( ! $this->in_process ) {
			$this->add_test_filter( 'cart_sessions_in_process', '__return_false' );
		}
	}

	protected function tearDown(): void {
		foreach ( $this->test_filters as list( $hook, $callback, $priority ) ) {
			remove_filter( $hook, $callback, $priority );
		}
		$this->test_filters = array();
		$this->end_isolation();
		wp_cache_flush();
		require_once ABSPATH . 'wp-admin/includes/user.php';
		foreach ( $this->created_users as $id ) {
			if ( get_userdata( $id ) ) {
				wp_delete_user( $id );
			}
		}
		$this->created_users = array();
		wp_set_current_user( 0 );
		parent::tearDown();
	}

	/**
	 * An empty admin menu and script/style registry, for a test that registers the page or enqueues the app.
	 */
	protected function fresh_admin_menu_and_scripts(): void {
		$GLOBALS['menu']              = array();
		$GLOBALS['submenu']           = array();
		$GLOBALS['_registered_pages'] = array();
		$GLOBALS['_parent_pages']     = array();
		$GLOBALS['wp_scripts']        = null;
		$GLOBALS['wp_styles']         = null;
	}

	/**
	 * add_filter() (or add_action()) for this test only: removed after it, before its writes are undone.
	 */
	protected function add_test_filter( string $hook, callable $callback, int $priority = 10, int $args = 1 ): void {
		add_filter( $hook, $callback, $priority, $args );
		$this->test_filters[] = array( $hook, $callback, $priority );
	}

	/**
	 * A new user (default: a shop manager, who has manage_woocommerce like on a WooCommerce site).
	 *
	 * @param string               $role Role name, or '' for none.
	 * @param array<string,string> $meta User meta, e.g. billing_first_name.
	 */
	protected function make_user( string $role = 'shop_manager', array $meta = array(), string $password = '' ): int {
		$id = wp_insert_user(
			array(
				'user_login' => 'u_' . wp_generate_password( 10, false ),
				'user_email' => 'u' . wp_generate_password( 8, false ) . '@example.com',
				'user_pass'  => '' !== $password ? $password : wp_generate_password(),
				'role'       => $role,
			)
		);
		$this->assertIsInt( $id );
		foreach ( $meta as $key => $value ) {
			update_user_meta( $id, $key, $value );
		}
		$this->created_users[] = $id;
		return $id;
	}

	/**
	 * Creates a user with the given role (or no role, then adds capabilities) and logs them in.
	 *
	 * @param string   $role Role name, or '' for none.
	 * @param string[] $caps Extra capabilities to grant.
	 */
	protected function log_in_as( string $role, array $caps = array() ): WP_User {
		$user = new WP_User( $this->make_user( $role ) );
		foreach ( $caps as $cap ) {
			$user->add_cap( $cap );
		}
		wp_set_current_user( $user->ID );
		return wp_get_current_user();
	}

	/**
	 * Dispatches a REST request in-process, as the current user.
	 *
	 * @param array<string,mixed> $params    Request parameters.
	 * @param bool                $json_body Send $params as a JSON body (as the app does) instead of parameters.
	 */
	protected function rest(
		string $method,
		string $route,
		array $params = array(),
		bool $json_body = false
	): WP_REST_Response {
		$request = new WP_REST_Request( $method, $route );
		if ( $json_body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $params ) );
		} else {
			foreach ( $params as $key => $value ) {
				$request->set_param( $key, $value );
			}
		}
		return rest_do_request( $request );
	}
}
